package dev.caretaker.access;

import dev.caretaker.action.AuditEvent;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Two factors of local users: a TOTP secret ({@link Totp}) set up from the dashboard and in force once the user typed a
 * code from it, ten recovery codes (80 random bits each, kept as SHA-256, each good once), the second step of a login
 * (throttled like passwords: see {@link #verify}), turning it off with a code, an admin's reset, and the rule
 * {@code auth.require_2fa} holds approvals to. Changes go to {@link Users.Audit}; neither secrets nor codes ever do.
 */
public final class TwoFactor {
    /** Recovery codes made at enrolment. */
    public static final int RECOVERY_CODES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a user stands: in force since, a secret waiting to be confirmed (null once in force), recovery codes left; OIDC user. */
    public record State(Instant enabledAt, String pendingSecret, int recoveryLeft, boolean oidc) {
        public boolean enabled() {
            return enabledAt != null;
        }
    }

    /**
     * A second step's outcome: accepted (and whether by a recovery code, with how many are left), or refused until a time;
     * {@code refused} when the lock turned it away before the code was looked at (else a wrong code, maybe the one that locked).
     */
    public record Check(boolean ok, boolean recovery, int recoveryLeft, Instant lockedUntil, boolean refused) {
        public Check(boolean ok, boolean recovery, int recoveryLeft, Instant lockedUntil) {
            this(ok, recovery, recoveryLeft, lockedUntil, false);
        }

        public boolean locked() {
            return lockedUntil != null;
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users.Audit audit;

    public TwoFactor(Jdbi jdbi, Clock clock, Users.Audit audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    public State state(String user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT totp_secret, totp_enabled_at, oidc_subject, "
                        + "(SELECT count(*) FROM recovery_code r WHERE r.user_name = u.name AND r.used_at IS NULL) AS left_codes "
                        + "FROM app_user u WHERE name = :n").bind("n", user)
                .map((rs, ctx) -> {
                    Timestamp at = rs.getTimestamp("totp_enabled_at");
                    return new State(at == null ? null : at.toInstant(), at == null ? rs.getString("totp_secret") : null, rs.getInt("left_codes"),
                            rs.getString("oidc_subject") != null);
                }).findOne().orElse(new State(null, null, 0, false)));
    }

    /** Whether {@code user} must give a code at login. */
    public boolean enabled(String user) {
        return state(user).enabled();
    }

    /** The users with two factors in force. */
    public Set<String> enabledUsers() {
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT name FROM app_user WHERE totp_enabled_at IS NOT NULL")
                .mapTo(String.class).list()));
    }

    /** Starts an enrolment: a new secret, not in force until {@link #confirm}; refused while two factors are in force. */
    public String start(String user) {
        String secret = Totp.newSecret();
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE app_user SET totp_secret = :s, totp_last_step = NULL "
                + "WHERE name = :n AND totp_enabled_at IS NULL AND oidc_subject IS NULL").bind("s", secret).bind("n", user).execute());
        if (changed == 0) {
            throw new IllegalStateException("two factors are already on for " + user + " (or " + user + " signs in through the identity "
                    + "provider); turn them off first to set them up again");
        }
        return secret;
    }

    /** Puts the pending secret in force if {@code code} is its code now; returns the recovery codes (shown once), or empty. */
    public Optional<List<String>> confirm(String user, String code) {
        Instant now = clock.instant();
        Optional<List<String>> codes = jdbi.inTransaction(h -> {
            Optional<String> secret = h.createQuery("SELECT totp_secret FROM app_user WHERE name = :n AND totp_enabled_at IS NULL FOR UPDATE")
                    .bind("n", user).mapTo(String.class).findOne();
            if (secret.isEmpty() || secret.get() == null) {
                return Optional.<List<String>>empty();
            }
            OptionalLong step = Totp.accepts(secret.get(), code, now, null);
            if (step.isEmpty()) {
                return Optional.<List<String>>empty();
            }
            h.createUpdate("UPDATE app_user SET totp_enabled_at = :at, totp_last_step = :s WHERE name = :n")
                    .bind("at", Timestamp.from(now)).bind("s", step.getAsLong()).bind("n", user).execute();
            return Optional.of(newRecoveryCodes(h, user));
        });
        codes.ifPresent(c -> audit.note(user, AuditEvent.TOTP_ENABLED, user, c.size() + " recovery codes made"));
        return codes;
    }

    private static List<String> newRecoveryCodes(Handle h, String user) {
        h.createUpdate("DELETE FROM recovery_code WHERE user_name = :n").bind("n", user).execute();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] b = new byte[10];
            RANDOM.nextBytes(b);
            String raw = Totp.base32(b).toLowerCase(Locale.ROOT);
            out.add(raw.substring(0, 4) + "-" + raw.substring(4, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12));
            h.createUpdate("INSERT INTO recovery_code (user_name, hash) VALUES (:n, :h)").bind("n", user).bind("h", Users.sha256(raw)).execute();
        }
        return out;
    }

    /**
     * The second step of {@code user}'s login from {@code address}: a code of the app, or a recovery code. Counted like a
     * password guess in the same table, under its own key (so a right password does not wipe a code guesser's count), with
     * the same limits: {@link Users#LOCKOUT_FAILURES} wrong codes from one address or {@link Users#LOCKOUT_USER_FAILURES} from
     * all within {@link Users#LOCKOUT} lock the second step, even for the right code.
     */
    public Check verify(String user, String typed, String address) {
        Instant now = clock.instant();
        String key = failureKey(user);
        Check c = jdbi.inTransaction(h -> {
            h.createQuery("SELECT pg_advisory_xact_lock(hashtext('caretaker-login'), hashtext(:k))::text").bind("k", key).mapTo(String.class).one();
            Instant since = now.minus(Users.LOCKOUT);
            Instant until = Users.lockedUntil(h, key, address, since);
            if (until != null) {
                return new Check(false, false, 0, until, true);
            }
            Check checked = check(h, user, typed, now);
            if (checked.ok()) {
                h.createUpdate("DELETE FROM login_failure WHERE user_name = :k AND address = :a").bind("k", key).bind("a", address).execute();
                return checked;
            }
            h.createUpdate("INSERT INTO login_failure (user_name, address, at) VALUES (:k, :a, :at)")
                    .bind("k", key).bind("a", address).bind("at", Timestamp.from(now)).execute();
            return new Check(false, false, 0, Users.lockedUntil(h, key, address, since));
        });
        if (c.recovery()) {
            audit.note(user, AuditEvent.RECOVERY_CODE_USED, user, "from " + address + "; " + c.recoveryLeft() + " left");
        }
        return c;
    }

    /** {@link #verify} for a login's second step: a right code is the login, audited as such (the password step wrote nothing). */
    public Check login(String user, String typed, String address) {
        Check c = verify(user, typed, address);
        if (c.ok()) {
            audit.note(user, AuditEvent.LOGIN, user, "from " + address + " with password and " + (c.recovery() ? "a recovery code" : "a code from the app"));
        }
        return c;
    }

    /** Checks a code of the app (six digits) or a recovery code, spending it when right. */
    private Check check(Handle h, String user, String typed, Instant now) {
        Optional<Map<String, Object>> row = h.createQuery("SELECT totp_secret, totp_last_step FROM app_user WHERE name = :n "
                + "AND totp_enabled_at IS NOT NULL FOR UPDATE").bind("n", user).mapToMap().findOne();
        String text = typed == null ? "" : typed.strip();
        if (row.isEmpty() || text.length() > 64) {
            return new Check(false, false, 0, null);
        }
        if (text.replace(" ", "").matches("\\d+")) {
            Number last = (Number) row.get().get("totp_last_step");
            OptionalLong step = Totp.accepts((String) row.get().get("totp_secret"), text, now, last == null ? null : last.longValue());
            if (step.isPresent()) {
                h.createUpdate("UPDATE app_user SET totp_last_step = :s WHERE name = :n").bind("s", step.getAsLong()).bind("n", user).execute();
            }
            return new Check(step.isPresent(), false, 0, null);
        }
        String raw = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        int spent = h.createUpdate("UPDATE recovery_code SET used_at = :at WHERE user_name = :n AND hash = :h AND used_at IS NULL")
                .bind("at", Timestamp.from(now)).bind("n", user).bind("h", Users.sha256(raw)).execute();
        if (spent == 0) {
            return new Check(false, false, 0, null);
        }
        int left = h.createQuery("SELECT count(*) FROM recovery_code WHERE user_name = :n AND used_at IS NULL").bind("n", user)
                .mapTo(Integer.class).one();
        return new Check(true, true, left, null);
    }

    /** Turns two factors off for the logged-in user, who proves it with a code or a recovery code (throttled as at login). */
    public Check disable(String user, String code, String address) {
        Check c = verify(user, code, address);
        if (c.ok()) {
            jdbi.useTransaction(h -> clear(h, user));
            audit.note(user, AuditEvent.TOTP_DISABLED, user, "by the user, with " + (c.recovery() ? "a recovery code" : "a code"));
        }
        return c;
    }

    /** Under which name the second step's wrong codes of {@code user} are counted in {@code login_failure}. */
    private static String failureKey(String user) {
        return Users.sha256("second factor\n" + user);
    }

    /**
     * An admin's reset: secret, in-force mark and recovery codes cleared, the wrong-code lock of the second step lifted, the
     * user's dashboard sessions ended. False, with nothing changed or audited, when the user had neither a key nor recovery
     * codes.
     */
    public boolean reset(String user, String by) {
        String detail = jdbi.inTransaction(h -> {
            Optional<Map<String, Object>> row = h.createQuery("SELECT totp_secret, totp_enabled_at FROM app_user WHERE name = :n FOR UPDATE")
                    .bind("n", user).mapToMap().findOne();
            if (row.isEmpty()) {
                throw new IllegalArgumentException("no user '" + user + "'; 'caretaker users list' shows them");
            }
            int codes = h.createQuery("SELECT count(*) FROM recovery_code WHERE user_name = :n AND used_at IS NULL").bind("n", user)
                    .mapTo(Integer.class).one();
            boolean key = row.get().get("totp_secret") != null || row.get().get("totp_enabled_at") != null;
            if (!key && codes == 0) {
                return null;
            }
            clear(h, user);
            h.createUpdate("DELETE FROM login_failure WHERE user_name = :k").bind("k", failureKey(user)).execute();
            int ended = Sessions.endAll(h, user);
            return (key ? "key and " : "") + codes + (codes == 1 ? " recovery code" : " recovery codes") + " removed, " + ended
                    + (ended == 1 ? " dashboard session ended" : " dashboard sessions ended");
        });
        if (detail == null) {
            return false;
        }
        audit.note(by, AuditEvent.TOTP_RESET, user, detail);
        return true;
    }

    private static void clear(Handle h, String user) {
        h.createUpdate("UPDATE app_user SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE name = :n")
                .bind("n", user).execute();
        h.createUpdate("DELETE FROM recovery_code WHERE user_name = :n").bind("n", user).execute();
    }

    /** The lowest role {@code auth.require_2fa} lists ({@code required}: role labels): it and every role above it are held. */
    public static Optional<Role> lowestHeld(List<String> required) {
        return required.stream().map(Role::parse).min(java.util.Comparator.naturalOrder());
    }

    /**
     * Why {@code user} (of {@code role}) may not approve or reject under {@code auth.require_2fa} ({@code required}: role
     * labels), or empty when they may: their own role (not a token's narrower scope) is below every listed role (a listed role
     * holds the roles above it too), two factors are in force, or they sign in through an OIDC provider, whose own policy holds
     * them.
     */
    public Optional<String> approvalRefusal(String user, Role role, List<String> required) {
        // the user's own role decides, not a token's narrower scope: an admin's approve-scoped token is still an admin's
        Role own = jdbi.withHandle(h -> h.createQuery("SELECT role FROM app_user WHERE name = :n").bind("n", user).mapTo(String.class)
                .findOne()).map(Role::parse).orElse(role);
        Optional<Role> holding = lowestHeld(required).filter(own::atLeast);
        if (holding.isEmpty()) {
            return Optional.empty();
        }
        State s = state(user);
        if (s.enabled() || s.oidc()) {
            return Optional.empty();
        }
        return Optional.of("approving and rejecting need two factors for the " + holding.get().label() + " role and above here "
                + "(auth.require_2fa), and " + user + " (" + own.label() + ") has not set them up: open Two factors in the dashboard "
                + "(/account/2fa), set them up, then try again");
    }
}
