package dev.caretaker.history;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.HealthScore;
import dev.caretaker.check.Status;
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
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The latest state of each check a run stored, and the system's health score over the latest state of every configured
 * check: the counts by status move with the states the run changed, so the score costs the run's checks, not every check.
 * The counts hold for one set of configured checks, named by its fingerprint; a run made with another set (a changed
 * config, a node with another one) counts the states again, once.
 */
final class StatusCounts {
    private StatusCounts() {
    }

    /** Stores the states of {@code results} (taken {@code at}, run {@code runId}) and returns the system's health score. */
    static int save(Handle h, String system, long runId, List<CheckResult> results, Instant at, Collection<String> configured) {
        Tally tally = lock(h, system);
        String fingerprint = fingerprint(configured);
        boolean current = fingerprint.equals(tally.configured());
        Map<Status, Integer> counts = tally.counts();
        Map<String, Stored> before = new HashMap<>();
        h.createQuery("SELECT check_name, status, finished_at FROM check_state WHERE system = :system AND check_name = ANY(:names)")
                .bind("system", system).bindArray("names", String.class, results.stream().map(CheckResult::name).toList())
                .map((rs, ctx) -> new Stored(rs.getString(1), status(rs.getString(2)), rs.getTimestamp(3).toInstant()))
                .forEach(s -> before.put(s.check(), s));
        // in name order, so two runs storing states of the same checks take their rows in one order
        PreparedBatch batch = h.prepareBatch("INSERT INTO check_state (system, check_name, check_type, run_id, status, finished_at) "
                + "VALUES (:system, :name, :type, :run, :status, :at) ON CONFLICT (system, check_name) DO UPDATE SET "
                + "check_type = EXCLUDED.check_type, run_id = EXCLUDED.run_id, status = EXCLUDED.status, "
                + "finished_at = EXCLUDED.finished_at WHERE check_state.finished_at <= EXCLUDED.finished_at");
        Instant stored = RunHistory.atStorePrecision(at);
        for (CheckResult r : results.stream().sorted(Comparator.comparing(CheckResult::name)).toList()) {
            batch.bind("system", system).bind("name", r.name()).bind("type", r.type()).bind("run", runId)
                    .bind("status", r.status().label()).bind("at", Timestamp.from(at)).add();
            Stored old = before.get(r.name());
            // the upsert keeps a newer state that another run stored first; only a state it replaces moves the counts
            if (current && (old == null || !old.at().isAfter(stored)) && configured.contains(r.name())) {
                if (old != null) {
                    counts.merge(old.status(), -1, Integer::sum);
                }
                counts.merge(r.status(), 1, Integer::sum);
            }
        }
        if (!results.isEmpty()) {
            batch.execute();
        }
        if (!current) {
            counts = recount(h, system, configured);
        }
        h.createUpdate("UPDATE check_state_count SET configured = :configured, ok = :ok, warning = :warning, unknown = :unknown, "
                        + "critical = :critical WHERE system = :system")
                .bind("configured", fingerprint).bind("ok", counts.get(Status.OK)).bind("warning", counts.get(Status.WARNING))
                .bind("unknown", counts.get(Status.UNKNOWN)).bind("critical", counts.get(Status.CRITICAL)).bind("system", system).execute();
        return HealthScore.ofCounts(counts);
    }

    /** A check's state as stored before this run. */
    private record Stored(String check, Status status, Instant at) {
    }

    /** The counts of a system by status, and the fingerprint of the configured checks they are over ('' before the first). */
    private record Tally(String configured, Map<Status, Integer> counts) {
    }

    /**
     * Takes the counts' row of {@code system} until the transaction ends (made on the system's first run): every change to
     * its checks' states happens under it, so the counts move with them.
     */
    private static Tally lock(Handle h, String system) {
        String sql = "SELECT configured, ok, warning, unknown, critical FROM check_state_count WHERE system = :system FOR UPDATE";
        List<Tally> row = h.createQuery(sql).bind("system", system)
                .map((rs, ctx) -> new Tally(rs.getString(1), counts(rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)))).list();
        if (!row.isEmpty()) {
            return row.get(0);
        }
        h.createUpdate("INSERT INTO check_state_count (system, configured, ok, warning, unknown, critical) VALUES (:system, '', 0, 0, 0, 0) "
                + "ON CONFLICT (system) DO NOTHING").bind("system", system).execute();
        return lock(h, system);
    }

    /** The counts by status over the stored states of {@code configured}: one read of them all, when the set is new. */
    private static Map<Status, Integer> recount(Handle h, String system, Collection<String> configured) {
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
