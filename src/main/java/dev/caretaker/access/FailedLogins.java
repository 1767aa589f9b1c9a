package dev.caretaker.access;

import dev.caretaker.action.AuditEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Failed and refused logins, counted per client address and written to the audit log as one row per address and window
 * ({@link #WINDOW}) instead of one per attempt, so a flood of logins cannot fill the append-only log. A name is kept only
 * when it is a user's: what someone typed that is no user's name (a typo, a password in the wrong field, 2,000 made-up
 * characters) is counted, never stored.
 */
public final class FailedLogins {
    /** How long failures of one address are gathered before their row is written. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** Addresses counted one by one in a window; more are counted together. */
    public static final int MAX_ADDRESSES = 1000;
    /** User names a row lists at most. */
    static final int MAX_NAMES = 20;
    static final String OTHERS = "other addresses";

    private final Clock clock;
    private final Users.Audit audit;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private Instant windowStart;

    public FailedLogins(Clock clock, Users.Audit audit) {
        this.clock = clock;
        this.audit = audit;
    }

    private static final class Tally {
        final Map<String, Integer> users = new TreeMap<>();
        final Map<String, Integer> codes = new TreeMap<>();
        int unknown;
        int locked;
        int limited;
        int busy;
        Instant first;
        Instant last;
    }

    /** A login that was checked and failed, or refused for a lockout: {@code result} says which, and whose. */
    public void failed(String address, Users.Login result) {
        add(address, t -> {
            if (result.busy()) {
                t.busy++;
            } else if (result.refused()) {
                t.locked++;
            } else if (result.user() != null) {
                t.users.merge(result.user(), 1, Integer::sum);
            } else {
                t.unknown++;
            }
        });
    }

    /**
     * A wrong code (or recovery code) of {@code user} at the second step, after the right password; {@code refused} when the
     * wrong-code lock turned it away unchecked.
     */
    public void failedCode(String address, String user, boolean refused) {
        add(address, t -> {
            if (refused) {
                t.locked++;
            } else {
                t.codes.merge(user, 1, Integer::sum);
            }
        });
    }

    /** A login refused by the rate limit before anything was looked at. */
    public void limited(String address) {
        add(address, t -> t.limited++);
    }

    private synchronized void add(String address, java.util.function.Consumer<Tally> count) {
        Instant now = clock.instant();
        if (windowStart == null) {
            windowStart = now;
        }
        String key = tallies.containsKey(address) || tallies.size() < MAX_ADDRESSES ? address : OTHERS;
        Tally t = tallies.computeIfAbsent(key, k -> new Tally());
        if (t.first == null) {
            t.first = now;
        }
        t.last = now;
        count.accept(t);
    }

    /** Writes the window's rows once it is {@link #WINDOW} old. */
    public void flushIfDue() {
        synchronized (this) {
            if (windowStart == null || clock.instant().isBefore(windowStart.plus(WINDOW))) {
                return;
            }
        }
        flush();
    }

    /** Writes a row per address counted so far (on stop, and when the window is over). */
    public void flush() {
        List<String[]> rows = new ArrayList<>();
        synchronized (this) {
            tallies.forEach((address, t) -> rows.add(new String[] {address, detail(address, t)}));
            tallies.clear();
            windowStart = null;
        }
        for (String[] row : rows) {
            audit.note("anonymous", AuditEvent.LOGIN_FAILED, row[0], row[1]);
        }
    }

    static String detail(String address, Tally t) {
        int wrong = t.users.values().stream().mapToInt(Integer::intValue).sum();
        int codes = t.codes.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        if (wrong > 0) {
            parts.add(wrong + " with a wrong password (" + names(t.users) + ")");
        }
        if (codes > 0) {
            parts.add(codes + " with a wrong code after the right password (" + names(t.codes) + ")");
        }
        if (t.unknown > 0) {
            parts.add(t.unknown + " with a name that is no user's");
        }
        if (t.locked > 0) {
            parts.add(t.locked + " refused while locked");
        }
        if (t.limited > 0) {
            parts.add(t.limited + " refused by the rate limit");
        }
        if (t.busy > 0) {
            parts.add(t.busy + " refused while every password check was busy");
        }
        int total = wrong + codes + t.unknown + t.locked + t.limited + t.busy;
        return total + " failed login" + (total == 1 ? "" : "s") + " from " + address + " between " + t.first.truncatedTo(ChronoUnit.SECONDS)
                + " and " + t.last.truncatedTo(ChronoUnit.SECONDS) + ": " + String.join("; ", parts);
    }

    private static String names(Map<String, Integer> counts) {
        List<String> names = new ArrayList<>();
        counts.entrySet().stream().limit(MAX_NAMES).forEach(e -> names.add(e.getKey() + " ×" + e.getValue()));
        return String.join(", ", names) + (counts.size() > MAX_NAMES ? ", …" : "");
    }
}
