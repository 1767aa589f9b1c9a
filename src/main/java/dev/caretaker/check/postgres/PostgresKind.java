package dev.caretaker.check.postgres;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.PostgresThresholds;
import dev.caretaker.config.Section;
import dev.caretaker.config.Threshold;
import dev.caretaker.config.Units;
import dev.caretaker.guard.CheckGrants;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code type: postgres}: the health of one database, each threshold overridable under {@code thresholds}. */
public final class PostgresKind implements CheckKind {
    private static final String DB = "database";
    private static final List<Metric> METRICS = List.of(
            Metric.of("postgres.connections", "connections", "client backends connected to the server", DB),
            Metric.of("postgres.connection_usage_percent", "percent", "connections in use of max_connections", DB),
            Metric.of("postgres.cache_hit_percent", "percent", "buffer cache hit ratio of the database", DB),
            Metric.of("postgres.database_bytes", "bytes", "size of the database", DB),
            Metric.of("postgres.table_bytes", "bytes", "size of the largest tables, by kind (table, index, toast)", DB, "table", "kind"),
            Metric.of("postgres.dead_tuple_percent", "percent", "dead rows of a table", DB, "table"),
            Metric.of("postgres.unused_index_bytes", "bytes", "size of indexes never scanned", DB),
            Metric.of("postgres.sequence_used_percent", "percent", "how much of its range a sequence has used", DB, "sequence"),
            Metric.of("postgres.xid_age_percent", "percent", "transaction-ID age of a database, of the wraparound limit", DB),
            Metric.of("postgres.xmin_horizon_age", "transactions", "how far back the oldest snapshot vacuum must respect lies", DB),
            Metric.of("postgres.multixact_age_percent", "percent", "multixact-ID age of a database, of the wraparound limit", DB),
            Metric.of("postgres.slot_retained_bytes", "bytes", "WAL an inactive replication slot holds back", DB, "slot"),
            Metric.of("postgres.replication_lag_seconds", "seconds", "how far a standby's replay is behind", DB, "standby"),
            Metric.of("postgres.longest_transaction_seconds", "seconds", "age of the oldest open transaction", DB),
            Metric.of("postgres.longest_idle_in_transaction_seconds", "seconds", "longest time a session sat idle in a transaction", DB),
            Metric.of("postgres.lock_waits", "sessions", "sessions waiting for a lock", DB),
            Metric.of("postgres.slow_queries", "statements", "statements slower than slow_query.mean", DB),
            Metric.of("postgres.statement_total_ms", "milliseconds", "total execution time of the statements that take the most (top 5)",
                    DB, "queryid"));

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "thresholds");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String db = draft.database(s);
        Map<String, Object> overrides = new HashMap<>();
        List<String> groups = Threshold.POSTGRES.stream().map(Threshold::group).distinct().toList();
        Section thresholds = s.section("thresholds", groups);
        for (String group : thresholds.names()) {
            List<String> keys = Threshold.POSTGRES.stream().filter(t -> t.group().equals(group)).map(Threshold::key).toList();
            Section g = thresholds.section(group, keys);
            for (String key : g.names()) {
                Threshold t = Threshold.find(group + "." + key);
                g.parsed(key, t::parse).ifPresent(v -> overrides.put(t.id(), v));
            }
        }
        for (String group : List.of("connection_usage", "table_bloat", "sequence_exhaustion", "xid_wraparound", "multixact_wraparound",
                "replication_lag", "xmin_horizon")) {
            checkOrder(s, overrides, group, true);
        }
        checkOrder(s, overrides, "cache_hit_ratio", false);
        return new PostgresCheckConfig(this, draft.name(), draft.description(), db, new PostgresThresholds(overrides));
    }

    /** Warning must come before critical: for "higher is worse" thresholds warning ≤ critical. */
    private static void checkOrder(Section s, Map<String, Object> overrides, String group, boolean higherIsWorse) {
        if (!overrides.containsKey(group + ".warning") && !overrides.containsKey(group + ".critical")) {
            return;
        }
        PostgresThresholds t = new PostgresThresholds(overrides);
        Object wv = t.value(group + ".warning");
        double w = number(wv);
        double c = number(t.value(group + ".critical"));
        String unit = wv instanceof Double ? "%" : "";
        if (higherIsWorse ? w > c : w < c) {
            s.problem("thresholds", "'thresholds." + group + "': warning " + show(t.value(group + ".warning")) + unit + " must be "
                    + (higherIsWorse ? "at or below" : "at or above") + " critical " + show(t.value(group + ".critical")) + unit);
        }
    }

    private static double number(Object v) {
        return v instanceof Duration d ? d.toMillis() : ((Number) v).doubleValue();
    }

    private static String show(Object v) {
        return v instanceof Duration d ? Units.formatDuration(d) : String.valueOf(v);
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new PostgresCheck((PostgresCheckConfig) config);
    }

    /** Activity, statistics, settings and sizes: what {@code pg_monitor} may read. */
    @Override
    public void grants(CheckConfig config, CheckGrants grants) {
        grants.monitor();
    }
}
