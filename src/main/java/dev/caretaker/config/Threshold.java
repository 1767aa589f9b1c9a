package dev.caretaker.config;

import java.util.List;

/**
 * One tunable threshold of the {@code postgres} check, written in config as
 * {@code thresholds: {GROUP: {KEY: value}}}. The list below is the single source of every default.
 */
public record Threshold(String group, String key, Kind kind, String defaultValue, String meaning) {

    public enum Kind { PERCENT, DURATION, SIZE, COUNT }

    public String id() {
        return group + "." + key;
    }

    public Object parse(String text) {
        return switch (kind) {
            case PERCENT -> Units.parsePercent(text);
            case DURATION -> Units.parseDuration(text);
            case SIZE -> Units.parseSize(text);
            case COUNT -> {
                try {
                    long v = Long.parseLong(text.trim().replace("_", "").replace(",", ""));
                    if (v < 0) {
                        throw new IllegalArgumentException("'" + text + "' must not be negative");
                    }
                    yield v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a whole number");
                }
            }
        };
    }

    public static final List<Threshold> POSTGRES = List.of(
            new Threshold("connection_usage", "warning", Kind.PERCENT, "80%", "backends / max_connections at or above this → warning"),
            new Threshold("connection_usage", "critical", Kind.PERCENT, "95%", "… at or above this → critical"),
            new Threshold("cache_hit_ratio", "warning", Kind.PERCENT, "95%", "buffer cache hit ratio below this → warning"),
            new Threshold("cache_hit_ratio", "critical", Kind.PERCENT, "90%", "… below this → critical"),
            new Threshold("cache_hit_ratio", "min_reads", Kind.COUNT, "10000", "judge the ratio only after this many block reads"),
            new Threshold("database_size", "max", Kind.SIZE, "", "database larger than this → warning (no limit by default)"),
            new Threshold("table_size", "max", Kind.SIZE, "", "a table (with indexes and TOAST) larger than this → warning (no limit by default)"),
            new Threshold("table_size", "largest", Kind.COUNT, "20", "how many of the largest tables to measure"),
            new Threshold("table_bloat", "warning", Kind.PERCENT, "20%", "dead tuples at or above this share of the table → warning"),
            new Threshold("table_bloat", "critical", Kind.PERCENT, "50%", "… at or above this share → critical"),
            new Threshold("table_bloat", "min_dead_tuples", Kind.COUNT, "10000", "ignore tables with fewer dead tuples"),
            new Threshold("vacuum_overdue", "after", Kind.DURATION, "1d", "dead tuples past the autovacuum trigger and no (auto)vacuum for this long → warning"),
            new Threshold("unused_index", "min_size", Kind.SIZE, "1MB", "report unused indexes from this size"),
            new Threshold("unused_index", "min_stats_age", Kind.DURATION, "7d", "warning once statistics cover this long, info before"),
            new Threshold("unused_index", "warning", Kind.SIZE, "10MB", "an unused index this large or larger → warning; smaller → info"),
            new Threshold("duplicate_index", "warning", Kind.SIZE, "10MB", "a redundant index this large or larger → warning; smaller → info"),
            new Threshold("missing_fk_index", "min_rows", Kind.COUNT, "10000", "report a foreign key without index on tables from this many rows"),
            new Threshold("sequence_exhaustion", "warning", Kind.PERCENT, "85%", "sequence value at or above this share of its limit → warning"),
            new Threshold("sequence_exhaustion", "critical", Kind.PERCENT, "95%", "… → critical"),
            new Threshold("xid_wraparound", "warning", Kind.PERCENT, "50%", "age(datfrozenxid) at or above this share of 2^31 → warning"),
            new Threshold("xid_wraparound", "critical", Kind.PERCENT, "75%", "… → critical"),
            new Threshold("multixact_wraparound", "warning", Kind.PERCENT, "50%", "mxid_age(datminmxid) at or above this share of 2^31 → warning"),
            new Threshold("multixact_wraparound", "critical", Kind.PERCENT, "75%", "… → critical"),
            new Threshold("xmin_horizon", "warning", Kind.COUNT, "50000000", "the oldest snapshot held this many transactions back → warning"),
            new Threshold("xmin_horizon", "critical", Kind.COUNT, "500000000", "… → critical"),
            new Threshold("inactive_slot", "min_retained", Kind.SIZE, "1GB", "an inactive replication slot holding back this much WAL → warning (any size: info)"),
            new Threshold("replication_lag", "warning", Kind.DURATION, "1m", "a standby replaying this far behind → warning"),
            new Threshold("replication_lag", "critical", Kind.DURATION, "15m", "… → critical"),
            new Threshold("long_transaction", "warning", Kind.DURATION, "5m", "a transaction open this long → warning"),
            new Threshold("long_transaction", "critical", Kind.DURATION, "30m", "… → critical"),
            new Threshold("idle_in_transaction", "warning", Kind.DURATION, "60s", "a session idle inside a transaction this long → warning"),
            new Threshold("idle_in_transaction", "critical", Kind.DURATION, "10m", "… → critical"),
            new Threshold("blocked_queries", "warning", Kind.DURATION, "30s", "a query waiting on a lock this long → warning"),
            new Threshold("blocked_queries", "critical", Kind.DURATION, "5m", "… → critical"),
            new Threshold("slow_query", "mean", Kind.DURATION, "250ms", "pg_stat_statements mean time at or above this → warning"),
            new Threshold("slow_query", "min_calls", Kind.COUNT, "10", "… over at least this many calls"));

    public static Threshold find(String id) {
        return POSTGRES.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no threshold " + id));
    }
}
