package dev.caretaker.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measurements each check type records, with their labels and units: what a rule's {@code when} may name. Every
 * measurement also carries the label {@code check} (its check's name). A test holds this list against the checks' code.
 */
public final class Metrics {
    /** One measurement name: the labels it carries besides {@code check}, its unit, and what it says. */
    public record Metric(String name, List<String> labels, String unit, String help) {
    }

    private static final Map<String, List<Metric>> BY_TYPE = new LinkedHashMap<>();
    /** The type of Caretaker's own check of the roles it runs as, present in every run that reaches a database. */
    public static final String ROLES_TYPE = "roles";
    /** The type of Caretaker's own check of the checklists, in the runs it records when one is overdue or done. */
    public static final String CHECKLIST_TYPE = "checklist";

    static {
        String db = "database";
        type("postgres",
                m("postgres.connections", "connections", "client backends connected to the server", db),
                m("postgres.connection_usage_percent", "percent", "connections in use of max_connections", db),
                m("postgres.cache_hit_percent", "percent", "buffer cache hit ratio of the database", db),
                m("postgres.database_bytes", "bytes", "size of the database", db),
                m("postgres.table_bytes", "bytes", "size of the largest tables, by kind (table, index, toast)", db, "table", "kind"),
                m("postgres.dead_tuple_percent", "percent", "dead rows of a table", db, "table"),
                m("postgres.unused_index_bytes", "bytes", "size of indexes never scanned", db),
                m("postgres.sequence_used_percent", "percent", "how much of its range a sequence has used", db, "sequence"),
                m("postgres.xid_age_percent", "percent", "transaction-ID age of a database, of the wraparound limit", db),
                m("postgres.xmin_horizon_age", "transactions", "how far back the oldest snapshot vacuum must respect lies", db),
                m("postgres.multixact_age_percent", "percent", "multixact-ID age of a database, of the wraparound limit", db),
                m("postgres.slot_retained_bytes", "bytes", "WAL an inactive replication slot holds back", db, "slot"),
                m("postgres.replication_lag_seconds", "seconds", "how far a standby's replay is behind", db, "standby"),
                m("postgres.longest_transaction_seconds", "seconds", "age of the oldest open transaction", db),
                m("postgres.longest_idle_in_transaction_seconds", "seconds", "longest time a session sat idle in a transaction", db),
                m("postgres.lock_waits", "sessions", "sessions waiting for a lock", db),
                m("postgres.slow_queries", "statements", "statements slower than slow_query.mean", db),
                m("postgres.statement_total_ms", "milliseconds", "total execution time of the statements that take the most (top 5)", db, "queryid"));
        type("integrity",
                m("integrity.orphan_rows", "rows", "rows whose reference points to no parent row", "table", "column"),
                m("integrity.null_rows", "rows", "rows with NULL in a column that should have a value", "table", "column"));
        type("http",
                m("http.up", "boolean", "1 when the service answered, 0 when it is down"),
                m("http.status", "status", "HTTP status of the answer"),
                m("http.latency_ms", "milliseconds", "time to the whole answer"),
                m("http.cert_days_left", "days", "days until the TLS certificate expires"));
        type("jobs",
                m("jobs.runs", "runs", "runs of the job in the window", "job"),
                m("jobs.success_rate_percent", "percent", "runs of the window that succeeded", "job"),
                m("jobs.last_success_age_seconds", "seconds", "time since the last successful run", "job"),
                m("jobs.duration_p95_seconds", "seconds", "95th percentile of run durations in the window", "job"));
        type("errors",
                m("errors.count", "errors", "errors in the last window"),
                m("errors.window_count", "errors", "errors in the last window, by group", "group"),
                m("errors.baseline_median", "errors", "median errors per window before it, by group", "group"),
                m("errors.requests", "requests", "requests in the last window (with 'total')"),
                m("errors.rate_percent", "percent", "errors per request in the last window (with 'total')"));
        type("security",
                m("security.login_bursts", "addresses", "addresses with more failed logins than allowed in the window"),
                m("security.tables_without_rls", "tables", "tables without row-level security in rls_schemas"));
        type("backup",
                m("backup.count", "files", "backups matching the pattern"),
                m("backup.age_seconds", "seconds", "age of the newest backup"),
                m("backup.size_bytes", "bytes", "size of the newest backup"),
                m("backup.restored_tables", "tables", "tables restored by the restore test"),
                m("backup.restored_rows", "rows", "rows restored by the restore test"));
        type("command",
                m("command.exit_code", "code", "the command's exit code (0 ok, 1 warning, 2 critical, 3 unknown, as Nagios plugins)"),
                m("command.perfdata", "value", "a performance-data value the command printed ('label'=value[UOM];warn;crit;min;max), "
                        + "in its unit: s for time, B for bytes, % for percent", "label", "unit"));
        type("host",
                m("host.cpu_percent", "percent", "CPU busy over the sample"),
                m("host.memory_percent", "percent", "memory in use (total less available)"),
                m("host.memory_available_bytes", "bytes", "memory available to new work"),
                m("host.disk_used_percent", "percent", "space used of a file system", "mount"),
                m("host.disk_free_bytes", "bytes", "space free to unprivileged users on a file system", "mount"),
                m("host.load1", "load", "one-minute load average"),
                m("host.load_per_cpu", "load", "one-minute load average per CPU"));
        type("heartbeat",
                m("heartbeat.up", "boolean", "1 when the job pinged in time and its last run succeeded"),
                m("heartbeat.last_ping_age_seconds", "seconds", "time since the job's last run pinged (success or failure)"),
                m("heartbeat.duration_seconds", "seconds", "how long the job's last run took, from its start ping to its end"));
        type(CHECKLIST_TYPE,
                m("checklist.overdue", "instances", "checklist instances overdue and not complete (Caretaker's own check (checklists))"));
        type(ROLES_TYPE,
                m("caretaker.role_privileged", "boolean", "1 when the role Caretaker's checks or actions run as on a database can do more "
                        + "than they need (Caretaker's own check (roles), in every run that reaches a database)", "database", "role"));
    }

    /** The system's health score, 0–100, after each run. */
    public static final Metric HEALTH_SCORE = new Metric(RuleConfig.HEALTH_SCORE_METRIC, List.of(), "score",
            "health of the whole system after a run: the mean over every check's latest result");

    private Metrics() {
    }

    private static Metric m(String name, String unit, String help, String... labels) {
        return new Metric(name, List.of(labels), unit, help);
    }

    private static void type(String type, Metric... metrics) {
        BY_TYPE.put(type, List.of(metrics));
    }

    /** The measurements a check of this config records; a {@code sql} check's carry its own name. */
    public static List<Metric> of(CheckConfig check) {
        if (check instanceof SqlCheckConfig) {
            return List.of(new Metric("sql." + check.name(), List.of(), "value", "the number the query returned"),
                    new Metric("sql." + check.name() + "_rows", List.of(), "rows", "rows the query returned"));
        }
        return BY_TYPE.getOrDefault(check.type(), List.of());
    }

    /** Every measurement of every type, sql's as {@code sql.NAME}: for the README. */
    public static Map<String, List<Metric>> byType() {
        return java.util.Collections.unmodifiableMap(BY_TYPE);
    }

    /** The measurement of this name among those the checks (and Caretaker itself) record, if any. */
    public static Optional<Metric> find(String name, Iterable<CheckConfig> checks) {
        if (name.equals(HEALTH_SCORE.name())) {
            return Optional.of(HEALTH_SCORE);
        }
        for (Metric m : java.util.stream.Stream.concat(BY_TYPE.get(ROLES_TYPE).stream(), BY_TYPE.get(CHECKLIST_TYPE).stream()).toList()) {
            if (m.name().equals(name)) {
                return Optional.of(m);
            }
        }
        for (CheckConfig c : checks) {
            for (Metric m : of(c)) {
                if (m.name().equals(name)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** The names of every measurement those checks record: for a did-you-mean. */
    public static List<String> names(Iterable<CheckConfig> checks) {
        List<String> out = new ArrayList<>(List.of(HEALTH_SCORE.name()));
        checks.forEach(c -> of(c).forEach(m -> {
            if (!out.contains(m.name())) {
                out.add(m.name());
            }
        }));
        return out;
    }
}
