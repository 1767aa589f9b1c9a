package dev.caretaker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Stores runs with their results, measurements and findings, in one transaction per run; reads them back. */
public final class RunHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public RunHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Saves the run (secrets already scrubbed by the caller) and returns it with its id. */
    public RunResult save(RunResult run) {
        long id = jdbi.inTransaction(h -> {
            long runId = h.createUpdate("INSERT INTO run (system, suite, started_at, finished_at, status, health_score) "
                            + "VALUES (:system, :suite, :started, :finished, :status, :score)")
                    .bind("system", run.system()).bind("suite", run.suite())
                    .bind("started", Timestamp.from(run.startedAt())).bind("finished", Timestamp.from(run.finishedAt()))
                    .bind("status", run.status().label()).bind("score", run.healthScore())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            for (CheckResult r : run.results()) {
                saveResult(h, runId, r, Timestamp.from(run.finishedAt()));
            }
            return runId;
        });
        return run.withId(id);
    }

    private static void saveResult(Handle h, long runId, CheckResult r, Timestamp at) {
        h.createUpdate("INSERT INTO check_result (run_id, check_name, check_type, status, duration_ms, error) "
                        + "VALUES (:run, :name, :type, :status, :ms, :error)")
                .bind("run", runId).bind("name", r.name()).bind("type", r.type()).bind("status", r.status().label())
                .bind("ms", r.durationMs()).bind("error", r.error()).execute();
        if (!r.measurements().isEmpty()) {
            PreparedBatch batch = h.prepareBatch("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) "
                    + "VALUES (:run, :name, :metric, CAST(:labels AS jsonb), :value, :at)");
            for (Measurement m : r.measurements()) {
                batch.bind("run", runId).bind("name", r.name()).bind("metric", m.metric()).bind("labels", json(m.labels()))
                        .bind("value", m.value()).bind("at", at).add();
            }
            batch.execute();
        }
        if (!r.findings().isEmpty()) {
            PreparedBatch batch = h.prepareBatch("INSERT INTO finding (run_id, check_name, code, severity, subject, message, evidence) "
                    + "VALUES (:run, :name, :code, :severity, :subject, :message, CAST(:evidence AS jsonb))");
            for (Finding f : r.findings()) {
                batch.bind("run", runId).bind("name", r.name()).bind("code", f.code()).bind("severity", f.severity().label())
                        .bind("subject", f.subject()).bind("message", f.message()).bind("evidence", json(f.evidence())).add();
            }
            batch.execute();
        }
    }

    /** One stored measurement: when, from which check, with which labels. */
    public record Point(Instant at, String check, Map<String, String> labels, double value) {
    }

    /** The run's health score, stored with the run, read as the metric of this name. */
    public static final String HEALTH_SCORE_METRIC = "caretaker.health_score";

    /** Every stored value of {@code metric} for {@code system} since {@code since}, oldest first. */
    public List<Point> series(String system, String metric, Instant since) {
        if (metric.equals(HEALTH_SCORE_METRIC)) {
            return jdbi.withHandle(h -> h.createQuery("SELECT finished_at, suite, health_score FROM run "
                            + "WHERE system = :system AND finished_at >= :since ORDER BY finished_at")
                    .bind("system", system).bind("since", Timestamp.from(since))
                    .map((rs, ctx) -> new Point(rs.getTimestamp(1).toInstant(), rs.getString(2), Map.of("suite", rs.getString(2)),
                            rs.getDouble(3))).list());
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT m.at, m.check_name, m.labels::text, m.value FROM measurement m "
                        + "JOIN run r ON r.id = m.run_id WHERE r.system = :system AND m.metric = :metric AND m.at >= :since ORDER BY m.at")
                .bind("system", system).bind("metric", metric).bind("since", Timestamp.from(since))
                .map((rs, ctx) -> new Point(rs.getTimestamp(1).toInstant(), rs.getString(2), labels(rs.getString(3)), rs.getDouble(4)))
                .list());
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
     * findings go with them) and the messages delivered before then; returns the number of runs deleted.
     */
    public int prune(String system, Instant before) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM outbox WHERE system = :s AND state = 'sent' AND sent_at < :before")
                    .bind("s", system).bind("before", Timestamp.from(before)).execute();
            return h.createUpdate("DELETE FROM run WHERE system = :s AND finished_at < :before")
                    .bind("s", system).bind("before", Timestamp.from(before)).execute();
        });
    }

    /** Summaries of the latest runs, newest first. */
    public List<Map<String, Object>> latest(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, system, suite, started_at, finished_at, status, health_score "
                + "FROM run ORDER BY id DESC LIMIT :limit").bind("limit", limit).mapToMap().list());
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
