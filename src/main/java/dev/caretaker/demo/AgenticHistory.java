package dev.caretaker.demo;

import dev.caretaker.history.Partitions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Eight weeks of history for the agentic demo (manual 003), as its server would have stored them: an hourly run of its
 * checks with a daily pattern in the edge function's latency, a latency regression over the last five days, storage use
 * growing toward its 80 % limit, the GDPR score dropping when consents were withdrawn; then runs every five minutes in the
 * last hour, the last twenty minutes of them slow. Rollups are made from it as runs make them.
 */
public final class AgenticHistory {
    public static final Duration LENGTH = Duration.ofDays(56);
    public static final String SUITE = "history";
    /** Storage use now, and how much it grew a day: 80 % is about 19 days away. */
    static final double STORAGE_NOW = 71.5;
    static final double STORAGE_PER_DAY = 0.45;
    static final int REGRESSION_DAYS = 5;

    private AgenticHistory() {
    }

    /** Writes the history of {@code system} up to {@code now}; returns the number of runs written. */
    public static int write(Jdbi store, String system, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(LENGTH);
        Partitions partitions = new Partitions(store);
        for (Instant d = start; !d.isAfter(now); d = d.plus(Duration.ofDays(1))) {
            partitions.ensure(d);
        }
        return store.inTransaction(h -> {
            h.execute("SELECT setseed(0.0303)");
            // hourly runs for eight weeks, then every five minutes in the last hour
            h.createUpdate("CREATE TEMP TABLE demo_tick ON COMMIT DROP AS SELECT t FROM generate_series(CAST(:start AS timestamptz), "
                            + "CAST(:end AS timestamptz) - interval '1 hour', interval '1 hour') t UNION ALL SELECT t FROM generate_series("
                            + "CAST(:now AS timestamptz) - interval '60 minutes', CAST(:now AS timestamptz) - interval '5 minutes', interval '5 minutes') t")
                    .bind("start", Timestamp.from(start)).bind("end", Timestamp.from(end)).bind("now", Timestamp.from(now)).execute();
            h.createUpdate("CREATE TEMP TABLE demo_run ON COMMIT DROP AS WITH ins AS (INSERT INTO run (system, suite, started_at, finished_at, status, "
                            + "health_score, system_health) SELECT :system, :suite, t - interval '2 seconds', t, 'ok', 100, 100 FROM demo_tick ORDER BY t "
                            + "RETURNING id, finished_at) SELECT id, finished_at AS t, extract(epoch FROM CAST(:now AS timestamptz) - finished_at) / 86400 AS days_ago, "
                            + "extract(hour FROM finished_at AT TIME ZONE 'UTC') AS hour FROM ins")
                    .bind("system", system).bind("suite", SUITE).bind("now", Timestamp.from(now)).execute();
            for (String[] check : new String[][] {{"production-monitoring", "http"}, {"storage_usage", "sql"}, {"gdpr_compliance", "sql"},
                    {"error-rate", "errors"}, {"database", "postgres"}}) {
                h.createUpdate("INSERT INTO check_result (run_id, check_name, check_type, status, duration_ms) SELECT id, :name, :type, 'ok', 40 FROM demo_run")
                        .bind("name", check[0]).bind("type", check[1]).execute();
            }
            // latency: 80 ms ± 40 over the day (peak at noon), noise of a few ms; 1.6 times that for the last five days; 700 ms in the last 20 minutes
            h.createUpdate("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) SELECT id, 'production-monitoring', 'http.latency_ms', "
                            + "'{\"check\": \"production-monitoring\"}', CASE WHEN days_ago * 1440 <= 20 THEN 690 + random() * 40 ELSE round(((80 + 40 * "
                            + "sin(2 * pi() * (hour - 6) / 24) + (random() - 0.5) * 8) * CASE WHEN days_ago < :regression THEN 1.6 ELSE 1 END)::numeric) END, t "
                            + "FROM demo_run")
                    .bind("regression", REGRESSION_DAYS).execute();
            h.execute("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) SELECT id, 'production-monitoring', m, "
                    + "'{\"check\": \"production-monitoring\"}', v, t FROM demo_run, (VALUES ('http.up', 1), ('http.status', 200)) AS x (m, v)");
            h.createUpdate("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) SELECT id, 'storage_usage', 'sql.storage_usage', "
                            + "'{\"check\": \"storage_usage\"}', round((:now_pct - :per_day * days_ago + (random() - 0.5) * 0.3)::numeric, 2), t FROM demo_run")
                    .bind("now_pct", STORAGE_NOW).bind("per_day", STORAGE_PER_DAY).execute();
            h.execute("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) SELECT id, 'gdpr_compliance', 'sql.gdpr_compliance', "
                    + "'{\"check\": \"gdpr_compliance\"}', CASE WHEN days_ago < 3 THEN 99 ELSE 100 END, t FROM demo_run");
            h.execute("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) SELECT id, 'error-rate', m, '{\"check\": \"error-rate\"}', "
                    + "CASE m WHEN 'errors.count' THEN floor(2 + random() * 4) WHEN 'errors.requests' THEN floor(900 + 300 * sin(2 * pi() * (hour - 6) / 24)) "
                    + "ELSE round((0.6 + random() * 0.5)::numeric, 2) END, t FROM demo_run, unnest(ARRAY['errors.count', 'errors.requests', 'errors.rate_percent']) m");
            h.execute("INSERT INTO measurement (run_id, check_name, metric, labels, value, at) SELECT id, 'database', 'postgres.connection_usage_percent', "
                    + "'{\"database\": \"app\"}', round((12 + 6 * sin(2 * pi() * (hour - 6) / 24) + random())::numeric, 1), t FROM demo_run");
            // rollups, as each stored run adds to them
            h.createUpdate("INSERT INTO measurement_rollup (resolution, system, check_name, metric, labels, bucket, min, max, sum, count) "
                            + "SELECT res.name, :system, m.check_name, m.metric, m.labels, to_timestamp(floor(extract(epoch FROM m.at) / res.seconds) * res.seconds), "
                            + "min(m.value), max(m.value), sum(m.value), count(*) FROM measurement m JOIN demo_run r ON r.id = m.run_id "
                            + "CROSS JOIN (VALUES ('5m', 300), ('1h', 3600), ('1d', 86400)) AS res (name, seconds) GROUP BY 1, 2, 3, 4, 5, 6 "
                            + "ON CONFLICT (system, check_name, metric, resolution, bucket, labels) DO UPDATE SET min = least(measurement_rollup.min, EXCLUDED.min), "
                            + "max = greatest(measurement_rollup.max, EXCLUDED.max), sum = measurement_rollup.sum + EXCLUDED.sum, "
                            + "count = measurement_rollup.count + EXCLUDED.count")
                    .bind("system", system).execute();
            return h.createQuery("SELECT count(*) FROM demo_run").mapTo(Integer.class).one();
        });
    }
}
