package dev.caretaker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.store.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores runs with their results, measurements and findings, in one transaction per run, and keeps the latest state of
 * every check; reads them back.
 */
public final class RunHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public RunHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Saves the run (secrets already scrubbed by the caller), records each check's latest state, and returns the run with
     * its id and the system's health score over the latest state of {@code configuredChecks}.
     */
    public RunResult save(RunResult run, Collection<String> configuredChecks) {
        return save(run, configuredChecks, null);
    }

    /** As {@link #save(RunResult, Collection)}, for the scheduler's tick at {@code tick} (null when started by hand). */
    public RunResult save(RunResult run, Collection<String> configuredChecks, Instant tick) {
        return save(run, configuredChecks, tick, (h, stored) -> stored);
    }

    /**
     * As {@link #save(RunResult, Collection, Instant)}, then {@code then} with the stored run in the same transaction (what
     * judges the run keeps its state in step with the history: both are written, or neither).
     */
    public <T> T save(RunResult run, Collection<String> configuredChecks, Instant tick, BiFunction<Handle, RunResult, T> then) {
        if (run.results().stream().anyMatch(r -> !r.measurements().isEmpty())) {
            new Partitions(jdbi).ensure(run.finishedAt()); // in a moment of its own: the run's transaction takes no table lock
        }
        return jdbi.inTransaction(h -> {
            long runId = h.createUpdate("INSERT INTO run (system, suite, started_at, finished_at, status, health_score, tick) "
                            + "VALUES (:system, :suite, :started, :finished, :status, :score, :tick)")
                    .bind("tick", tick == null ? null : Timestamp.from(tick))
                    .bind("system", run.system()).bind("suite", run.suite())
                    .bind("started", Timestamp.from(run.startedAt())).bind("finished", Timestamp.from(run.finishedAt()))
                    .bind("status", run.status().label()).bind("score", run.healthScore())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            saveResults(h, runId, run.results(), Timestamp.from(run.finishedAt()));
            IgnoredFindings.save(h, runId, run.ignored());
            Rollups.add(h, run.system(), run.results(), run.finishedAt());
            int systemHealth = StatusCounts.save(h, run.system(), runId, run.results(), run.finishedAt(), configuredChecks);
            h.createUpdate("UPDATE run SET system_health = :health WHERE id = :id").bind("health", systemHealth).bind("id", runId).execute();
            return then.apply(h, run.stored(runId, systemHealth));
        });
    }

    /**
     * The run's results, measurements and findings: one statement each, whatever the number of checks (a statement per
     * row cost the store more than the rows themselves). Rows go in in the run's order, which is how they are read back.
     */
    private static void saveResults(Handle h, long runId, List<CheckResult> results, Timestamp at) {
        if (results.isEmpty()) {
            return;
        }
        Columns checks = new Columns();
        Columns measurements = new Columns();
        Columns findings = new Columns();
        for (CheckResult r : results) {
            checks.add("name", r.name()).add("type", r.type()).add("status", r.status().label()).add("error", r.error()).add("ms", r.durationMs());
            for (Measurement m : r.measurements()) {
                measurements.add("name", r.name()).add("metric", m.metric()).add("labels", json(m.labels())).add("value", m.value());
            }
            for (Finding f : r.findings()) {
                findings.add("name", r.name()).add("code", f.code()).add("severity", f.severity().label()).add("subject", f.subject())
                        .add("message", f.message()).add("evidence", json(f.evidence()));
            }
        }
        checks.bind(h.createUpdate("INSERT INTO check_result (run_id, check_name, check_type, status, duration_ms, error) "
                + "SELECT :run, u.name, u.type, u.status, u.ms, u.error FROM unnest(:name, :type, :status, :ms, :error) "
                + "WITH ORDINALITY AS u(name, type, status, ms, error, n) ORDER BY u.n")).bind("run", runId).execute();
        if (!measurements.isEmpty()) {
            measurements.bind(h.createUpdate("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) "
                    + "SELECT :run, u.name, u.metric, CAST(u.labels AS jsonb), u.value, :at FROM unnest(:name, :metric, :labels, :value) "
                    + "WITH ORDINALITY AS u(name, metric, labels, value, n) ORDER BY u.n")).bind("run", runId).bind("at", at).execute();
        }
        if (!findings.isEmpty()) {
            findings.bind(h.createUpdate("INSERT INTO finding (run_id, check_name, code, severity, subject, message, evidence) "
                    + "SELECT :run, u.name, u.code, u.severity, u.subject, u.message, CAST(u.evidence AS jsonb) "
                    + "FROM unnest(:name, :code, :severity, :subject, :message, :evidence) "
                    + "WITH ORDINALITY AS u(name, code, severity, subject, message, evidence, n) ORDER BY u.n")).bind("run", runId).execute();
        }
    }

    /**
     * The id of the run stored for the scheduler's tick at {@code tick} of {@code suite} (a suite's name, or the label of a
     * run of named checks), if one is: a tick's run is stored once ({@code run_tick_key}), so a re-run finds it here.
     */
    public Optional<Long> storedTick(String system, String suite, Instant tick) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM run WHERE system = :system AND suite = :suite AND tick = :tick")
                .bind("system", system).bind("suite", suite).bind("tick", Timestamp.from(tick)).mapTo(Long.class).findOne());
    }

    /** Whether {@code e} is the store refusing a second run of one tick ({@code run_tick_key}). */
    public static boolean isSecondRunOfTick(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState()) && String.valueOf(s.getMessage()).contains("run_tick_key")) {
                return true;
            }
        }
        return false;
    }

    /** Work in one transaction of the store, e.g. judging a run stored before. */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    /** {@code at} as the store keeps it: PostgreSQL holds microseconds, and the driver rounds the nanoseconds half up. */
    public static Instant atStorePrecision(Instant at) {
        long micros = (at.getNano() + 500) / 1000;
        return Instant.ofEpochSecond(at.getEpochSecond(), micros * 1000);
    }

    /** One stored measurement: when, from which check, with which labels. */
    public record Point(Instant at, String check, Map<String, String> labels, double value) {
    }

    /**
     * Every stored value of {@code metric} for {@code system} since {@code since}, oldest first. The health score is the
     * system's, one point per run of any suite, with {@code check} {@link RuleConfig#SYSTEM_CHECK}.
     */
    public List<Point> series(String system, String metric, Instant since) {
        if (metric.equals(RuleConfig.HEALTH_SCORE_METRIC)) {
            return jdbi.withHandle(h -> systemHealth(h, system, since));
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT m.at, m.check_name, m.labels::text, m.value FROM measurement m "
                        + "JOIN run r ON r.id = m.run_id WHERE r.system = :system AND m.metric = :metric AND m.at >= :since ORDER BY m.at")
                .bind("system", system).bind("metric", metric).bind("since", Timestamp.from(since))
                .map((rs, ctx) -> new Point(rs.getTimestamp(1).toInstant(), rs.getString(2), labels(rs.getString(3)), rs.getDouble(4)))
                .list());
    }

    /** As {@link #series(String, String, Instant)}, of {@code checks} only: what judging a few checks reads, not the whole metric. */
    public List<Point> series(String system, Collection<String> checks, String metric, Instant since) {
        return jdbi.withHandle(h -> series(h, system, checks, metric, since));
    }

    /** As {@link #series(String, Collection, String, Instant)}, in the caller's transaction. */
    public static List<Point> series(Handle h, String system, Collection<String> checks, String metric, Instant since) {
        if (metric.equals(RuleConfig.HEALTH_SCORE_METRIC)) {
            return systemHealth(h, system, since);
        }
        return h.createQuery("SELECT m.at, m.check_name, m.labels::text, m.value FROM measurement m JOIN run r ON r.id = m.run_id "
                        + "WHERE r.system = :system AND m.check_name = ANY(:checks) AND m.metric = :metric AND m.at >= :since ORDER BY m.at")
                .bind("system", system).bindArray("checks", String.class, List.copyOf(checks)).bind("metric", metric)
                .bind("since", Timestamp.from(since))
                .map((rs, ctx) -> new Point(rs.getTimestamp(1).toInstant(), rs.getString(2), labels(rs.getString(3)), rs.getDouble(4)))
                .list();
    }

    private static List<Point> systemHealth(Handle h, String system, Instant since) {
        return h.createQuery("SELECT finished_at, coalesce(system_health, health_score) FROM run "
                        + "WHERE system = :system AND finished_at >= :since ORDER BY finished_at, id")
                .bind("system", system).bind("since", Timestamp.from(since))
                .map((rs, ctx) -> new Point(rs.getTimestamp(1).toInstant(), RuleConfig.SYSTEM_CHECK, Map.of(), rs.getDouble(2))).list();
    }

    private static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable labels in the store: " + json, e);
        }
    }

    /**
     * Deletes the runs of {@code system} that finished before {@code before} (their results, measurements and
     * findings go with them); returns the number of runs deleted.
     */
    public int prune(String system, Instant before) {
        int runs = jdbi.inTransaction(h -> {
            // the runs' raw measurements are not deleted row by row: their day's partition is dropped once no run of any
            // system is left in that day, and until then nothing reads them (every reader goes through run)
            return h.createUpdate("DELETE FROM run WHERE system = :s AND finished_at < :before")
                    .bind("s", system).bind("before", Timestamp.from(before)).execute();
        });
        if (runs > 0) {
            new Partitions(jdbi).dropEmptyBefore(before);
        }
        return runs;
    }

    /** How many runs of {@code suite} of {@code system} finished in ({@code from}, {@code to}], by status label, in the caller's transaction. */
    public static Map<String, Integer> statusCounts(Handle h, String system, String suite, Instant from, Instant to) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        h.createQuery("SELECT status, count(*)::int FROM run WHERE system = :s AND suite = :suite AND finished_at > :from AND finished_at <= :to "
                        + "GROUP BY status ORDER BY CASE status WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END")
                .bind("s", system).bind("suite", suite).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The id of {@code system}'s newest run, 0 when it has none: changes with every run. */
    public long latestRunId(String system) {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(id), 0) FROM run WHERE system = :s").bind("s", system).mapTo(Long.class).one());
    }

    /** The newest run of a system: its id, when it finished, and the system's health score after it. */
    public record Newest(long id, Instant finishedAt, int health) {
    }

    public Optional<Newest> newest(String system) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, finished_at, coalesce(system_health, health_score) FROM run WHERE system = :system "
                        + "ORDER BY id DESC LIMIT 1").bind("system", system)
                .map((rs, ctx) -> new Newest(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getInt(3))).findOne());
    }

    /** A suite's newest run: its number and status ({@code ok}, {@code warning}, {@code critical}, {@code unknown}). */
    public record SuiteRun(String suite, long id, String status) {
    }

    /** The newest run of each of {@code suites} that has run, in the order given. */
    public List<SuiteRun> newestPerSuite(String system, List<String> suites) {
        if (suites.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT s.suite, r.id, r.status FROM unnest(:suites) WITH ORDINALITY AS s (suite, n) "
                        + "CROSS JOIN LATERAL (SELECT id, status FROM run WHERE system = :system AND suite = s.suite ORDER BY id DESC LIMIT 1) r "
                        + "ORDER BY s.n").bind("system", system).bindArray("suites", String.class, suites)
                .map((rs, ctx) -> new SuiteRun(rs.getString(1), rs.getLong(2), rs.getString(3))).list());
    }

    /** Summaries of the latest runs of {@code system}, newest first. */
    public List<Map<String, Object>> latest(String system, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, system, suite, started_at, finished_at, status, health_score, system_health "
                + "FROM run WHERE system = :system ORDER BY id DESC LIMIT :limit").bind("system", system).bind("limit", limit).mapToMap().list());
    }

    /** Summaries of {@code system}'s runs, newest first, below id {@code before} (null: from the newest). */
    public List<Map<String, Object>> page(String system, Long before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, suite, started_at, finished_at, status, health_score, system_health "
                        + "FROM run WHERE system = :system AND (CAST(:before AS bigint) IS NULL OR id < :before) ORDER BY id DESC LIMIT :limit")
                .bind("system", system).bind("before", before).bind("limit", limit).map((rs, ctx) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("suite", rs.getString("suite"));
                    m.put("started_at", rs.getTimestamp("started_at").toInstant().toString());
                    m.put("finished_at", rs.getTimestamp("finished_at").toInstant().toString());
                    m.put("status", rs.getString("status"));
                    m.put("health_score", rs.getInt("health_score"));
                    m.put("system_health", rs.getObject("system_health"));
                    return m;
                }).list());
    }

    /** A stored run of {@code system} with every check's result, measurements and findings, as it was saved. */
    public Optional<RunResult> load(String system, long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM run WHERE system = :system AND id = :id").bind("system", system).bind("id", id)
                .map((rs, ctx) -> new Object[] {rs.getString("suite"), rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at").toInstant(), rs.getString("status"), rs.getInt("health_score"), rs.getObject("system_health")})
                .findOne().map(r -> {
                    Map<String, List<Measurement>> measurements = new java.util.HashMap<>();
                    h.createQuery("SELECT check_name, metric, labels::text, value FROM measurement WHERE run_id = :id AND at = :at ORDER BY ctid")
                            .bind("id", id).bind("at", Timestamp.from((Instant) r[2]))
                            .map((rs, ctx) -> Map.entry(rs.getString(1), new Measurement(rs.getString(2), labels(rs.getString(3)), rs.getDouble(4))))
                            .forEach(e -> measurements.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
                    Map<String, List<Finding>> findings = new java.util.HashMap<>();
                    h.createQuery("SELECT check_name, code, severity, subject, message, evidence::text FROM finding WHERE run_id = :id ORDER BY ctid")
                            .bind("id", id).map((rs, ctx) -> Map.entry(rs.getString(1), new Finding(rs.getString(2),
                                    dev.caretaker.config.Severity.parse(rs.getString(3)), rs.getString(4), rs.getString(5), evidence(rs.getString(6)))))
                            .forEach(e -> findings.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
                    List<CheckResult> results = h.createQuery("SELECT check_name, check_type, status, duration_ms, error FROM check_result "
                                    + "WHERE run_id = :id ORDER BY check_name").bind("id", id)
                            .map((rs, ctx) -> new CheckResult(rs.getString(1), rs.getString(2), Status.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
                                    rs.getLong(4), rs.getString(5), measurements.getOrDefault(rs.getString(1), List.of()),
                                    findings.getOrDefault(rs.getString(1), List.of()))).list();
                    int health = (Integer) r[4];
                    return new RunResult(system, (String) r[0], id, (Instant) r[1], (Instant) r[2], Status.valueOf(((String) r[3]).toUpperCase(Locale.ROOT)),
                            health, r[5] == null ? health : ((Number) r[5]).intValue(), results, IgnoredFindings.load(h, id));
                }));
    }

    private static Map<String, Object> evidence(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable evidence in the store: " + json, e);
        }
    }

    public int findingCount(long runId, String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM finding WHERE run_id = :id AND code = :code")
                .bind("id", runId).bind("code", code).mapTo(Integer.class).one());
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
