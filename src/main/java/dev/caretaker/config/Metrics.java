package dev.caretaker.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The measurements checks record, with their labels and units: what a rule's {@code when} may name. Each kind of check
 * declares its own ({@link CheckType#metrics()}); Caretaker's own checks' are here. Every measurement also carries the label
 * {@code check} (its check's name). A test holds this catalog against the checks' code.
 */
public final class Metrics {
    /** One measurement name: the labels it carries besides {@code check}, its unit, and what it says. */
    public record Metric(String name, List<String> labels, String unit, String help) {
        public static Metric of(String name, String unit, String help, String... labels) {
            return new Metric(name, List.of(labels), unit, help);
        }

        /** Its short title in words, as pages and charts show it ({@link Metrics#title(String)}). */
        public String title() {
            return Metrics.title(name);
        }
    }

    /**
     * The short title of each measurement in words, for pages and charts: "Connections in use", never the metric's name. A
     * measurement missing here gets one made from its name ({@link #title(String)}); a test holds every kind's to this table.
     */
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry(RuleConfig.HEALTH_SCORE_METRIC, "Health score"),
            Map.entry("checklist.overdue", "Checklists overdue"),
            Map.entry("caretaker.role_privileged", "Role can do more than it needs"),
            Map.entry("postgres.connections", "Connections"),
            Map.entry("postgres.connection_usage_percent", "Connections in use"),
            Map.entry("postgres.cache_hit_percent", "Cache hit ratio"),
            Map.entry("postgres.database_bytes", "Database size"),
            Map.entry("postgres.table_bytes", "Table size"),
            Map.entry("postgres.dead_tuple_percent", "Dead rows"),
            Map.entry("postgres.unused_index_bytes", "Unused indexes"),
            Map.entry("postgres.sequence_used_percent", "Sequence used"),
            Map.entry("postgres.xid_age_percent", "Transaction ID age"),
            Map.entry("postgres.xmin_horizon_age", "Oldest snapshot vacuum must keep"),
            Map.entry("postgres.multixact_age_percent", "Multixact ID age"),
            Map.entry("postgres.slot_retained_bytes", "WAL held by an inactive slot"),
            Map.entry("postgres.replication_lag_seconds", "Replication lag"),
            Map.entry("postgres.longest_transaction_seconds", "Longest transaction"),
            Map.entry("postgres.longest_idle_in_transaction_seconds", "Longest idle in transaction"),
            Map.entry("postgres.lock_waits", "Locks waiting"),
            Map.entry("postgres.slow_queries", "Slow queries"),
            Map.entry("postgres.statement_total_ms", "Time in statement"),
            Map.entry("http.up", "Availability"),
            Map.entry("http.status", "HTTP status"),
            Map.entry("http.latency_ms", "Response time"),
            Map.entry("http.cert_days_left", "Certificate expires in"),
            Map.entry("jobs.runs", "Runs"),
            Map.entry("jobs.success_rate_percent", "Runs that succeeded"),
            Map.entry("jobs.last_success_age_seconds", "Since the last success"),
            Map.entry("jobs.duration_p95_seconds", "Run time (95th percentile)"),
            Map.entry("api.rate_limit_remaining", "API requests left"),
            Map.entry("errors.count", "Errors"),
            Map.entry("errors.window_count", "Errors"),
            Map.entry("errors.baseline_median", "Usual errors"),
            Map.entry("errors.requests", "Requests"),
            Map.entry("errors.rate_percent", "Error rate"),
            Map.entry("security.login_bursts", "Addresses with login bursts"),
            Map.entry("security.tables_without_rls", "Tables without row-level security"),
            Map.entry("integrity.orphan_rows", "Orphan rows"),
            Map.entry("integrity.null_rows", "Rows missing a value"),
            Map.entry("command.exit_code", "Exit code"),
            Map.entry("command.perfdata", "Reported"),
            Map.entry("host.cpu_percent", "CPU busy"),
            Map.entry("host.memory_percent", "Memory in use"),
            Map.entry("host.memory_available_bytes", "Memory available"),
            Map.entry("host.disk_used_percent", "Disk used"),
            Map.entry("host.disk_free_bytes", "Disk free"),
            Map.entry("host.load1", "Load"),
            Map.entry("host.load_per_cpu", "Load per CPU"),
            Map.entry("backup.count", "Backups"),
            Map.entry("backup.age_seconds", "Age of the newest backup"),
            Map.entry("backup.size_bytes", "Size of the newest backup"),
            Map.entry("backup.restored_tables", "Tables restored"),
            Map.entry("backup.restored_rows", "Rows restored"),
            Map.entry("supabase.service_healthy", "Service healthy"),
            Map.entry("supabase.function_requests", "Function requests"),
            Map.entry("supabase.function_error_rate_percent", "Function error rate"),
            Map.entry("supabase.function_avg_ms", "Function time (mean)"),
            Map.entry("supabase.function_p95_ms", "Function time (95th percentile)"),
            Map.entry("supabase.advisor_lints", "Advisor lints"),
            Map.entry("heartbeat.up", "Pinging in time"),
            Map.entry("heartbeat.last_ping_age_seconds", "Since the last ping"),
            Map.entry("heartbeat.duration_seconds", "Job run time"),
            Map.entry("email.delivered", "Messages delivered"),
            Map.entry("email.failed", "Messages failed"),
            Map.entry("email.bounced", "Messages bounced"),
            Map.entry("email.complained", "Spam complaints"),
            Map.entry("email.delivery_rate_percent", "Delivery rate"),
            Map.entry("email.bounce_rate_percent", "Bounce rate"),
            Map.entry("upstream.operational", "Provider component up"),
            Map.entry("errors.new_issues", "New Sentry issues"),
            Map.entry("upstream.unresolved_incidents", "Provider's open incidents"),
            Map.entry("tcp.up", "Port open"),
            Map.entry("tcp.connect_ms", "Connect time"),
            Map.entry("tcp.cert_days_left", "Certificate expires in"),
            Map.entry("domain.days_left", "Domain registration expires in"),
            Map.entry("smtp.up", "Mail server up"),
            Map.entry("smtp.response_ms", "Mail server response time"),
            Map.entry("smtp.cert_days_left", "Certificate expires in"),
            Map.entry("dns.up", "Name resolves"),
            Map.entry("dns.latency_ms", "DNS answer time"),
            Map.entry("dns.answers", "DNS records"),
            Map.entry("ping.loss_percent", "Ping loss"),
            Map.entry("ping.rtt_ms", "Ping round trip"));

    /** Name endings that say a unit, left out of a title made from a name. */
    private static final List<String> UNIT_ENDINGS = List.of("_percent", "_bytes", "_seconds", "_ms", "_days");

    /**
     * The short title of measurement {@code metric} in words: its entry in the table; for a {@code sql} check's
     * {@code sql.NAME} the check's name in words ("Storage usage", "Storage usage: rows"); else the name's last part in words
     * without its unit ending ("queue_depth" → "Queue depth").
     */
    public static String title(String metric) {
        String known = TITLES.get(metric);
        if (known != null) {
            return known;
        }
        if (metric.startsWith("sql.")) {
            String rest = metric.substring(4);
            return rest.endsWith("_rows") && rest.length() > 5 ? words(rest.substring(0, rest.length() - 5)) + ": rows" : words(rest);
        }
        String last = metric.substring(metric.lastIndexOf('.') + 1);
        for (String ending : UNIT_ENDINGS) {
            if (last.endsWith(ending) && last.length() > ending.length()) {
                last = last.substring(0, last.length() - ending.length());
                break;
            }
        }
        return words(last);
    }

    /** Whether {@code metric} has a title of its own in the table (not one made from its name). */
    public static boolean titled(String metric) {
        return TITLES.containsKey(metric);
    }

    /** "storage_usage" or "storage-usage" as "Storage usage". */
    static String words(String name) {
        String spaced = name.replace('_', ' ').replace('-', ' ').replaceAll("\\s+", " ").strip();
        return spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** The type of Caretaker's own check of the roles it runs as, present in every run that reaches a database. */
    public static final String ROLES_TYPE = "roles";
    /** The type of Caretaker's own check of the checklists, in the runs it records when one is overdue or done. */
    public static final String CHECKLIST_TYPE = "checklist";

    private static final List<Metric> CHECKLIST = List.of(
            Metric.of("checklist.overdue", "instances", "checklist instances overdue and not complete (Caretaker's own check (checklists))"));
    private static final List<Metric> ROLES = List.of(
            Metric.of("caretaker.role_privileged", "boolean", "1 when the role Caretaker's checks or actions run as on a database can do "
                    + "more than they need (Caretaker's own check (roles), in every run that reaches a database)", "database", "role"));

    /** The system's health score, 0–100, after each run. */
    public static final Metric HEALTH_SCORE = new Metric(RuleConfig.HEALTH_SCORE_METRIC, List.of(), "score",
            "health of the whole system after a run: the mean over every check's latest result");

    private Metrics() {
    }

    /** The measurements a check of this config records, as its kind says (a {@code sql} check's carry its own name). */
    public static List<Metric> of(CheckConfig check) {
        return check.kind().metrics(check);
    }

    /** Every measurement of every kind of check in {@code kinds}, then Caretaker's own checks': for the README and /metrics. */
    public static Map<String, List<Metric>> byType(Kinds kinds) {
        Map<String, List<Metric>> out = new LinkedHashMap<>();
        kinds.checks().values().stream().filter(t -> !t.metrics().isEmpty()).forEach(t -> out.put(t.name(), t.metrics()));
        out.put(CHECKLIST_TYPE, CHECKLIST);
        out.put(ROLES_TYPE, ROLES);
        return Collections.unmodifiableMap(out);
    }

    /** The measurement of this name among those the checks (and Caretaker itself) record, if any. */
    public static Optional<Metric> find(String name, Iterable<CheckConfig> checks) {
        if (name.equals(HEALTH_SCORE.name())) {
            return Optional.of(HEALTH_SCORE);
        }
        for (Metric m : Stream.concat(ROLES.stream(), CHECKLIST.stream()).toList()) {
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
