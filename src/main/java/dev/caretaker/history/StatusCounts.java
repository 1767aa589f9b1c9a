package dev.caretaker.history;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.HealthScore;
import dev.caretaker.check.Status;
import dev.caretaker.store.Columns;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The latest state of each check a run stored, and the system's health score over the latest state of every configured
 * check: the counts by status move with the states the run changed, so the score costs the run's checks, not every check.
 * The counts hold for one set of configured checks, named by its fingerprint; a run made with another set (a changed
 * config, a node with another one) counts the states again, once.
 */
final class StatusCounts {
    private StatusCounts() {
    }

    /**
     * Stores the states of {@code results} (taken {@code at}, run {@code runId}) and returns the system's health score.
     * The checks' rows are locked in name order first; the system's counts row is changed last, by increments, so runs of
     * other checks wait for each other only from there to their commit.
     */
    static int save(Handle h, String system, long runId, List<CheckResult> results, Instant at, Collection<String> configured) {
        List<CheckResult> sorted = results.stream().sorted(Comparator.comparing(CheckResult::name)).toList();
        Map<String, Stored> before = new HashMap<>();
        h.createQuery("SELECT check_name, status, finished_at FROM check_state WHERE system = :system AND check_name = ANY(:names) "
                        + "ORDER BY check_name FOR UPDATE")
                .bind("system", system).bindArray("names", String.class, sorted.stream().map(CheckResult::name).toList())
                .map((rs, ctx) -> new Stored(rs.getString(1), status(rs.getString(2)), rs.getTimestamp(3).toInstant()))
                .forEach(s -> before.put(s.check(), s));
        Map<Status, Integer> delta = counts(0, 0, 0, 0);
        Instant stored = RunHistory.atStorePrecision(at);
        Columns rows = new Columns();
        boolean firstStates = false;
        for (CheckResult r : sorted) {
            rows.add("name", r.name()).add("type", r.type()).add("status", r.status().label());
            Stored old = before.get(r.name());
            if (!configured.contains(r.name())) {
                continue;
            }
            // a check's first state has no row to lock: another run may be storing it too, so the counts are read again
            firstStates |= old == null;
            // the upsert keeps a newer state that another run stored first; only a state it replaces moves the counts
            if (old != null && !old.at().isAfter(stored)) {
                delta.merge(old.status(), -1, Integer::sum);
                delta.merge(r.status(), 1, Integer::sum);
            }
        }
        if (!sorted.isEmpty()) {
            rows.bind(h.createUpdate("INSERT INTO check_state (system, check_name, check_type, run_id, status, finished_at) "
                    + "SELECT :system, u.name, u.type, :run, u.status, :at FROM unnest(:name, :type, :status) WITH ORDINALITY AS u(name, type, status, n) "
                    + "ORDER BY u.n ON CONFLICT (system, check_name) DO UPDATE SET check_type = EXCLUDED.check_type, run_id = EXCLUDED.run_id, "
                    + "status = EXCLUDED.status, finished_at = EXCLUDED.finished_at WHERE check_state.finished_at <= EXCLUDED.finished_at"))
                    .bind("system", system).bind("run", runId).bind("at", Timestamp.from(at)).execute();
        }
        String fingerprint = fingerprint(configured);
        if (firstStates) {
            return HealthScore.ofCounts(recount(h, system, configured, fingerprint));
        }
        List<Map<Status, Integer>> moved = h.createQuery("UPDATE check_state_count SET ok = ok + :ok, warning = warning + :warning, "
                        + "unknown = unknown + :unknown, critical = critical + :critical WHERE system = :system AND configured = :configured "
                        + "RETURNING ok, warning, unknown, critical")
                .bind("ok", delta.get(Status.OK)).bind("warning", delta.get(Status.WARNING)).bind("unknown", delta.get(Status.UNKNOWN))
                .bind("critical", delta.get(Status.CRITICAL)).bind("system", system).bind("configured", fingerprint)
                .map((rs, ctx) -> counts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4))).list();
        return HealthScore.ofCounts(moved.isEmpty() ? recount(h, system, configured, fingerprint) : moved.get(0));
    }

    /** A check's state as stored before this run. */
    private record Stored(String check, Status status, Instant at) {
    }

    /**
     * The counts over {@code configured} read from the states, and kept under its fingerprint: the system's first run, the
     * first with another set of checks, or one storing a check's first state. The row is locked before the read, so no run
     * moves it meanwhile.
     */
    private static Map<Status, Integer> recount(Handle h, String system, Collection<String> configured, String fingerprint) {
        h.createUpdate("INSERT INTO check_state_count (system, configured, ok, warning, unknown, critical) VALUES (:system, '', 0, 0, 0, 0) "
                + "ON CONFLICT (system) DO NOTHING").bind("system", system).execute();
        h.createQuery("SELECT system FROM check_state_count WHERE system = :system FOR UPDATE").bind("system", system).mapTo(String.class).one();
        Map<Status, Integer> counts = count(h, system, configured);
        h.createUpdate("UPDATE check_state_count SET configured = :configured, ok = :ok, warning = :warning, unknown = :unknown, "
                        + "critical = :critical WHERE system = :system")
                .bind("configured", fingerprint).bind("ok", counts.get(Status.OK)).bind("warning", counts.get(Status.WARNING))
                .bind("unknown", counts.get(Status.UNKNOWN)).bind("critical", counts.get(Status.CRITICAL)).bind("system", system).execute();
        return counts;
    }

    /** The counts by status over the stored states of {@code configured}: one read of them all. */
    private static Map<Status, Integer> count(Handle h, String system, Collection<String> configured) {
        Map<Status, Integer> counts = counts(0, 0, 0, 0);
        h.createQuery("SELECT status, count(*) FROM check_state WHERE system = :system AND check_name = ANY(:names) GROUP BY status")
                .bind("system", system).bindArray("names", String.class, List.copyOf(configured))
                .map((rs, ctx) -> Map.entry(status(rs.getString(1)), rs.getInt(2))).forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    private static Map<Status, Integer> counts(int ok, int warning, int unknown, int critical) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        counts.put(Status.OK, ok);
        counts.put(Status.WARNING, warning);
        counts.put(Status.UNKNOWN, unknown);
        counts.put(Status.CRITICAL, critical);
        return counts;
    }

    private static Status status(String label) {
        return Status.valueOf(label.toUpperCase(Locale.ROOT));
    }

    /**
     * A name for a set of checks, whatever their order: their count and two 64-bit sums of each name's FNV-1a hash (the
     * second salted), so a set that differs gets another name without sorting thousands of names on every run.
     */
    static String fingerprint(Collection<String> checks) {
        long sum = 0;
        long salted = 0;
        for (String c : checks) {
            sum += fnv(c, 0xcbf29ce484222325L);
            salted += fnv(c, 0x84222325cbf29ce4L);
        }
        return checks.size() + ":" + Long.toHexString(sum) + ":" + Long.toHexString(salted);
    }

    private static long fnv(String s, long basis) {
        long h = basis;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
