package dev.caretaker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code checks:} section: the common keys, then the keys of each check type. */
final class ChecksSection {
    static final List<String> CHECK_TYPES = List.of("postgres", "integrity", "http", "jobs", "errors", "security", "backup", "sql", "command", "host",
            "heartbeat");
    static final List<String> POSTGRES_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "database", "thresholds");
    static final List<String> INTEGRITY_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "database", "orphans", "not_null",
            "discover");
    static final List<String> HTTP_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "url", "method", "headers", "body", "timeout",
            "ca_file", "insecure", "expect", "max_redirects", "retries", "retry_interval");
    static final List<String> JOBS_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "database", "table", "name_column",
            "status_column", "time_column", "finished_column", "error_column", "success_values", "window", "jobs");
    static final List<String> JOB_KEYS = List.of("every", "cron", "grace", "min_success_rate");
    static final List<String> ERRORS_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "database", "table", "time_column",
            "group_by", "window", "baseline", "total");
    static final List<String> TOTAL_KEYS = List.of("table", "time_column", "query");
    static final List<String> SECURITY_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "database", "table", "time_column",
            "ip_column", "success_column", "user_column", "window", "max_failures_per_ip", "rls_schemas", "source", "max_accounts_per_ip");
    static final List<String> BACKUP_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "path", "pattern", "max_age", "min_size",
            "restore_test", "restore_into", "restore_timeout");
    static final List<String> HOST_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "source", "sample", "timeout", "cpu", "memory",
            "disk_free", "mounts");
    static final List<String> LEVEL_KEYS = List.of("warning", "critical");
    static final List<String> COMMAND_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "command", "shell", "timeout", "environment",
            "working_dir", "max_output");
    static final List<String> SQL_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "database", "query", "warning", "critical",
            "code", "severity", "subject_column");
    /** A heartbeat's {@code every} (or {@code cron}) is how often its job pings, not how often Caretaker looks. */
    static final List<String> HEARTBEAT_KEYS = List.of("type", "description", "depends_on", "every", "runbook", "cron", "grace", "token");
    static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");

    private final ConfigReader r;
    private final java.time.ZoneId timezone;
    private final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    private final Map<String, ConfigNode> dependsOnNodes = new HashMap<>();
    private final Map<String, Duration> every = new LinkedHashMap<>();
    private final Map<String, String> runbooks = new LinkedHashMap<>();
    private Set<String> databases = Set.of();

    ChecksSection(ConfigReader r, java.time.ZoneId timezone) {
        this.r = r;
        this.timezone = timezone;
    }

    Map<String, CheckConfig> read(ConfigNode node, Set<String> databaseNames) {
        this.databases = databaseNames;
        Map<String, CheckConfig> out = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            ConfigNode body = e.value();
            if (!body.isMap()) {
                r.problem(body, "check '" + e.name() + "' must be a map with at least 'type'");
                continue;
            }
            Map<String, ConfigNode> raw = r.namedEntries(body);
            Optional<String> type = r.requiredString(raw, "type", body);
            if (type.isEmpty()) {
                continue;
            }
            if (!CHECK_TYPES.contains(type.get())) {
                r.problem(raw.get("type"), "unknown check type '" + type.get() + "'" + Suggestions.didYouMean(type.get(), CHECK_TYPES)
                        + "; types: " + String.join(", ", CHECK_TYPES));
                continue;
            }
            String n = e.name();
            if (raw.containsKey("depends_on")) {
                dependsOn.put(n, r.stringList(raw, "depends_on"));
                dependsOnNodes.put(n, raw.get("depends_on"));
            }
            if (raw.containsKey("runbook")) {
                Runbooks.read(r, raw, "runbook").ifPresent(text -> runbooks.put(n, text));
            }
            if (raw.containsKey("every") && !type.get().equals("heartbeat")) {
                Duration d = r.duration(raw, "every", null, Duration.ofSeconds(1), Duration.ofDays(1));
                if (d != null) {
                    every.put(n, d);
                }
            }
            CheckConfig check = switch (type.get()) {
                case "postgres" -> postgres(n, body);
                case "integrity" -> integrity(n, body);
                case "http" -> http(n, body);
                case "jobs" -> jobs(n, body);
                case "errors" -> errors(n, body);
                case "security" -> security(n, body);
                case "backup" -> backup(n, body);
                case "heartbeat" -> heartbeat(n, body);
                case "command" -> command(n, body);
                case "host" -> host(n, body);
                default -> sql(n, body);
            };
            out.put(n, check);
        }
        return out;
    }

    /** Check → its runbook. */
    Map<String, String> runbooks() {
        return Map.copyOf(runbooks);
    }

    /** Check → its own {@code every} (a monitor of its own, besides any suite that runs it). */
    Map<String, Duration> every() {
        return Map.copyOf(every);
    }

    /** Check → the checks it depends on; every name must exist and no check may depend on itself, even indirectly. */
    Map<String, List<String>> dependencies(Set<String> checks) {
        for (Map.Entry<String, List<String>> e : dependsOn.entrySet()) {
            for (String parent : e.getValue()) {
                if (!checks.contains(parent)) {
                    r.problem(dependsOnNodes.get(e.getKey()), "check '" + e.getKey() + "' depends on '" + parent
                            + "', which 'checks' does not define" + Suggestions.didYouMean(parent, checks));
                } else if (reaches(parent, e.getKey(), new java.util.HashSet<>())) {
                    r.problem(dependsOnNodes.get(e.getKey()), "check '" + e.getKey() + "' depends on '" + parent
                            + "', which depends on it in turn; remove one of the two");
                }
            }
        }
        return Map.copyOf(dependsOn);
    }

    private boolean reaches(String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        return dependsOn.getOrDefault(from, List.of()).stream().anyMatch(p -> reaches(p, target, seen));
    }

    private String database(Map<String, ConfigNode> m, ConfigNode owner) {
        Optional<String> db = r.requiredString(m, "database", owner);
        db.ifPresent(d -> knownDatabase(m, "database", d));
        return db.orElse(null);
    }

    private void knownDatabase(Map<String, ConfigNode> m, String key, String db) {
        if (!databases.contains(db)) {
            r.problem(m.get(key), "'" + m.get(key).path() + "' names database '" + db
                    + "', which 'databases' does not define" + Suggestions.didYouMean(db, databases)
                    + (databases.isEmpty() ? "; add it under 'databases'" : "; defined: " + String.join(", ", databases)));
        }
    }

    private String required(Map<String, ConfigNode> m, String key, ConfigNode owner) {
        return r.requiredString(m, key, owner).orElse(null);
    }

    private CheckConfig postgres(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, POSTGRES_KEYS);
        String db = database(m, body);
        Map<String, Object> overrides = new HashMap<>();
        List<String> groups = Threshold.POSTGRES.stream().map(Threshold::group).distinct().toList();
        for (Map.Entry<String, ConfigNode> g : r.map(m.get("thresholds"), groups).entrySet()) {
            List<String> keys = Threshold.POSTGRES.stream().filter(t -> t.group().equals(g.getKey())).map(Threshold::key).toList();
            for (Map.Entry<String, ConfigNode> k : r.map(g.getValue(), keys).entrySet()) {
                Threshold t = Threshold.find(g.getKey() + "." + k.getKey());
                Map<String, ConfigNode> one = Map.of(k.getKey(), k.getValue());
                r.parsed(one, k.getKey(), t::parse).ifPresent(v -> overrides.put(t.id(), v));
            }
        }
        checkOrder(m, overrides, "connection_usage", true);
        checkOrder(m, overrides, "table_bloat", true);
        checkOrder(m, overrides, "sequence_exhaustion", true);
        checkOrder(m, overrides, "xid_wraparound", true);
        checkOrder(m, overrides, "multixact_wraparound", true);
        checkOrder(m, overrides, "replication_lag", true);
        checkOrder(m, overrides, "xmin_horizon", true);
        checkOrder(m, overrides, "cache_hit_ratio", false);
        return new PostgresCheckConfig(name, r.string(m, "description", ""), db, new PostgresThresholds(overrides));
    }

    /** Warning must come before critical: for "higher is worse" thresholds warning ≤ critical. */
    private void checkOrder(Map<String, ConfigNode> m, Map<String, Object> overrides, String group, boolean higherIsWorse) {
        if (!overrides.containsKey(group + ".warning") && !overrides.containsKey(group + ".critical")) {
            return;
        }
        PostgresThresholds t = new PostgresThresholds(overrides);
        Object wv = t.value(group + ".warning");
        double w = number(wv);
        double c = number(t.value(group + ".critical"));
        String unit = wv instanceof Double ? "%" : "";
        if (higherIsWorse ? w > c : w < c) {
            r.problem(m.get("thresholds"), "'thresholds." + group + "': warning " + show(t.value(group + ".warning")) + unit + " must be "
                    + (higherIsWorse ? "at or below" : "at or above") + " critical " + show(t.value(group + ".critical")) + unit);
        }
    }

    private static double number(Object v) {
        return v instanceof Duration d ? d.toMillis() : ((Number) v).doubleValue();
    }

    private static String show(Object v) {
        return v instanceof Duration d ? Units.formatDuration(d) : String.valueOf(v);
    }

    private CheckConfig integrity(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, INTEGRITY_KEYS);
        String db = database(m, body);
        List<IntegrityCheckConfig.Reference> orphans = new ArrayList<>();
        for (ConfigNode item : r.list(m.get("orphans"))) {
            String s = r.scalar(item, "orphans");
            if (s == null) {
                continue;
            }
            try {
                orphans.add(IntegrityCheckConfig.Reference.parse(s));
            } catch (IllegalArgumentException e) {
                r.problem(item, e.getMessage());
            }
        }
        Map<String, List<String>> notNull = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(m.get("not_null"))) {
            List<String> cols = r.stringList(Map.of(e.name(), e.value()), e.name());
            if (cols.isEmpty()) {
                r.problem(e.value(), "'" + e.value().path() + "' must list at least one column");
            }
            notNull.put(e.name(), cols);
        }
        boolean discover = r.bool(m, "discover", false);
        if (orphans.isEmpty() && notNull.isEmpty() && !discover) {
            r.problem(body, "integrity check '" + name + "' has nothing to check: add 'orphans', 'not_null' or 'discover: true'");
        }
        return new IntegrityCheckConfig(name, r.string(m, "description", ""), db, orphans, notNull, discover);
    }

    private CheckConfig http(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, HTTP_KEYS);
        URI url = r.url(m, "url", List.of("http", "https"), "https://api.example.com/health").orElse(null);
        if (!m.containsKey("url")) {
            r.problem(body, "'" + body.path() + "' needs 'url'");
        }
        String method = r.string(m, "method", HttpCheckConfig.DEFAULT_METHOD).toUpperCase();
        r.oneOf(m, "method", method, HTTP_METHODS);
        Map<String, String> headers = new LinkedHashMap<>();
        for (ConfigNode.Entry h : r.namedEntriesWithKeys(m.get("headers"))) {
            String v = r.scalar(h.value(), "header"); // every header value is treated as a secret
            if (v != null) {
                r.secrets().add(v);
                headers.put(h.name(), v);
            }
        }
        Path ca = r.path(m, "ca_file").orElse(null); // read when the check runs: it may be issued later
        List<Condition> expect = new ArrayList<>();
        for (ConfigNode item : r.list(m.get("expect"))) {
            String s = r.scalar(item, "expect");
            if (s == null) {
                continue;
            }
            try {
                expect.add(Condition.parse(s));
            } catch (IllegalArgumentException e) {
                r.problem(item, e.getMessage());
            }
        }
        Duration timeout = r.duration(m, "timeout", HttpCheckConfig.DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10));
        return new HttpCheckConfig(name, r.string(m, "description", ""), url, method, headers, r.string(m, "body", null),
                timeout, ca, r.bool(m, "insecure", false), expect,
                r.integer(m, "max_redirects", HttpCheckConfig.DEFAULT_MAX_REDIRECTS, 0, 20),
                r.integer(m, "retries", HttpCheckConfig.DEFAULT_RETRIES, 0, 10),
                r.duration(m, "retry_interval", HttpCheckConfig.DEFAULT_RETRY_INTERVAL, Duration.ofMillis(100), Duration.ofMinutes(10)));
    }

    private CheckConfig heartbeat(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, HEARTBEAT_KEYS);
        Optional<String> cron = r.parsed(m, "cron", s -> {
            CronSyntax.validate(s);
            return s.trim();
        });
        Optional<Duration> period = Optional.ofNullable(r.duration(m, "every", null, Duration.ofSeconds(10), Duration.ofDays(366)));
        if (cron.isPresent() == period.isPresent()) {
            r.problem(body, "heartbeat '" + name + "' needs either 'every' (how often its job pings, e.g. every: 1d) or 'cron' "
                    + "(when it runs, e.g. cron: \"0 3 * * *\"), not both");
        }
        Optional<String> token = r.string(m, "token").filter(t -> !t.isBlank()); // ${X:-} empty: Caretaker makes one
        token.ifPresent(t -> {
            r.secrets().add(t);
            if (!t.matches("[A-Za-z0-9_-]{16,128}")) {
                r.problem(m.get("token"), "a heartbeat token is 16 to 128 letters, digits, '-' or '_' (it is part of a URL); leave it out "
                        + "and Caretaker makes one");
            }
        });
        return new HeartbeatCheckConfig(name, r.string(m, "description", ""), period, cron, timezone,
                r.duration(m, "grace", HeartbeatCheckConfig.DEFAULT_GRACE, Duration.ofSeconds(1), Duration.ofDays(30)), token);
    }

    private CheckConfig jobs(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, JOBS_KEYS);
        String db = database(m, body);
        String table = required(m, "table", body);
        List<String> success = m.containsKey("success_values") ? r.stringList(m, "success_values").stream()
                .map(String::toLowerCase).toList() : JobsCheckConfig.DEFAULT_SUCCESS_VALUES;
        Map<String, JobsCheckConfig.Job> jobs = new LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(m.get("jobs"))) {
            Map<String, ConfigNode> j = r.map(e.value(), JOB_KEYS);
            Optional<Duration> every = Optional.ofNullable(r.duration(j, "every", null, Duration.ofSeconds(1), Duration.ofDays(400)));
            Optional<CronExpression> cron = r.parsed(j, "cron", CronExpression::parse);
            if (every.isPresent() == cron.isPresent() && !j.containsKey("every") && !j.containsKey("cron")) {
                r.problem(e.value(), "job '" + e.name() + "' needs 'every' (e.g. 1h) or 'cron' (e.g. \"0 * * * *\")");
            } else if (j.containsKey("every") && j.containsKey("cron")) {
                r.problem(j.get("cron"), "job '" + e.name() + "' has both 'every' and 'cron'; keep one");
            }
            Duration period = every.orElse(Duration.ofHours(1));
            Duration defaultGrace = Duration.ofMillis(Math.max(JobsCheckConfig.MIN_GRACE.toMillis(), period.toMillis() / 2));
            Duration grace = r.duration(j, "grace", cron.isPresent() ? null : defaultGrace, Duration.ZERO, Duration.ofDays(400));
            double rate = r.parsed(j, "min_success_rate", Units::parsePercent).orElse(JobsCheckConfig.DEFAULT_MIN_SUCCESS_RATE);
            jobs.put(e.name(), new JobsCheckConfig.Job(e.name(), every.orElse(null), cron.orElse(null), grace, rate));
        }
        return new JobsCheckConfig(name, r.string(m, "description", ""), db, table, r.string(m, "name_column", "name"),
                r.string(m, "status_column", "status"), r.string(m, "time_column", "started_at"), r.string(m, "finished_column", null),
                r.string(m, "error_column", null), success, r.duration(m, "window", JobsCheckConfig.DEFAULT_WINDOW, Duration.ofMinutes(1),
                Duration.ofDays(400)), jobs, timezone);
    }

    private CheckConfig errors(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, ERRORS_KEYS);
        String db = database(m, body);
        String table = required(m, "table", body);
        Duration window = r.duration(m, "window", ErrorsCheckConfig.DEFAULT_WINDOW, Duration.ofMinutes(1), Duration.ofDays(31));
        Duration baseline = r.duration(m, "baseline", ErrorsCheckConfig.DEFAULT_BASELINE, Duration.ofMinutes(3), Duration.ofDays(400));
        if (baseline.compareTo(window.multipliedBy(3)) < 0) {
            r.problem(m.getOrDefault("baseline", body), "'baseline' must cover at least 3 windows (" + Units.formatDuration(window.multipliedBy(3)) + ")");
        }
        ErrorsCheckConfig.Total total = null;
        if (m.containsKey("total")) {
            Map<String, ConfigNode> t = r.map(m.get("total"), TOTAL_KEYS);
            total = new ErrorsCheckConfig.Total(r.string(t, "table", null), r.string(t, "time_column", "created_at"), r.string(t, "query", null));
            if ((total.table() == null) == (total.query() == null)) {
                r.problem(m.get("total"), "'total' needs either 'table' (with 'time_column') or 'query', not both");
            } else if (total.query() != null) {
                SqlText.notAQuery(total.query()).ifPresent(why -> r.problem(t.get("query"), "'total.query' of check '" + name + "' is refused: " + why));
            }
        }
        return new ErrorsCheckConfig(name, r.string(m, "description", ""), db, table, r.string(m, "time_column", "created_at"),
                r.string(m, "group_by", null), window, baseline, total);
    }

    private CheckConfig security(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, SECURITY_KEYS);
        String db = database(m, body);
        String source = r.string(m, "source", "table");
        r.oneOf(m, "source", source, Set.of("table", SecurityCheckConfig.SUPABASE_AUTH));
        boolean supabase = source.equals(SecurityCheckConfig.SUPABASE_AUTH);
        if (supabase && m.containsKey("table")) {
            r.problem(m.get("table"), "security check '" + name + "' reads Supabase Auth's " + SecurityCheckConfig.SUPABASE_AUTH_TABLE
                    + " (source: supabase-auth); drop 'table', or drop 'source' to read your own table");
        }
        String table = supabase ? SecurityCheckConfig.SUPABASE_AUTH_TABLE : r.string(m, "table", null);
        List<String> rls = r.stringList(m, "rls_schemas");
        if (table == null && rls.isEmpty()) {
            r.problem(body, "security check '" + name + "' has nothing to check: add 'table' (a login log), 'source: supabase-auth' or 'rls_schemas'");
        }
        return new SecurityCheckConfig(name, r.string(m, "description", ""), db, table, r.string(m, "time_column", "created_at"),
                supabase ? "ip_address" : r.string(m, "ip_column", "ip"), r.string(m, "success_column", "success"), r.string(m, "user_column", null),
                r.duration(m, "window", SecurityCheckConfig.DEFAULT_WINDOW, Duration.ofMinutes(1), Duration.ofDays(31)),
                r.integer(m, "max_failures_per_ip", SecurityCheckConfig.DEFAULT_MAX_FAILURES_PER_IP, 1, 1_000_000), rls, source,
                r.integer(m, "max_accounts_per_ip", SecurityCheckConfig.DEFAULT_MAX_ACCOUNTS_PER_IP, 1, 1_000_000));
    }

    private CheckConfig backup(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, BACKUP_KEYS);
        Path path = r.path(m, "path").orElse(null);
        if (!m.containsKey("path")) {
            r.problem(body, "'" + body.path() + "' needs 'path', the folder the backups are written to");
        }
        String pattern = r.string(m, "pattern", BackupCheckConfig.DEFAULT_PATTERN);
        try {
            java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            r.problem(m.get("pattern"), "'" + pattern + "' is not a glob pattern: " + e.getMessage());
        }
        String restoreInto = r.string(m, "restore_into", null);
        if (restoreInto != null) {
            knownDatabase(m, "restore_into", restoreInto);
        }
        return new BackupCheckConfig(name, r.string(m, "description", ""), path, pattern,
                r.duration(m, "max_age", BackupCheckConfig.DEFAULT_MAX_AGE, Duration.ofMinutes(1), Duration.ofDays(400)),
                r.parsed(m, "min_size", Units::parseSize).orElse(null), r.bool(m, "restore_test", false), restoreInto,
                r.duration(m, "restore_timeout", BackupCheckConfig.DEFAULT_RESTORE_TIMEOUT, Duration.ofSeconds(10), Duration.ofHours(24)));
    }

    private CheckConfig host(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, HOST_KEYS);
        String source = r.string(m, "source", "local");
        Optional<java.net.URI> url = source.equals("local") ? Optional.empty()
                : r.url(m, "source", List.of("http", "https"), "local, or node_exporter's http://db-host:9100/metrics");
        List<String> mounts = r.stringList(m, "mounts");
        for (String mount : mounts) {
            if (!mount.startsWith("/")) {
                r.problem(m.get("mounts"), "'" + mount + "' is not a mount point; write absolute paths such as / or /var/lib/postgresql");
            }
        }
        return new HostCheckConfig(name, r.string(m, "description", ""), url,
                r.duration(m, "sample", HostCheckConfig.DEFAULT_SAMPLE, Duration.ofMillis(100), Duration.ofSeconds(60)),
                r.duration(m, "timeout", HostCheckConfig.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(5)),
                level(m, "cpu", HostCheckConfig.DEFAULT_CPU, true), level(m, "memory", HostCheckConfig.DEFAULT_MEMORY, true),
                level(m, "disk_free", HostCheckConfig.DEFAULT_DISK_FREE, false), List.copyOf(mounts));
    }

    /** {@code {warning: 80%, critical: 95%}}; {@code none} switches a level off. Above for usage, below for free space. */
    private HostCheckConfig.Level level(Map<String, ConfigNode> m, String key, HostCheckConfig.Level fallback, boolean above) {
        Map<String, ConfigNode> l = r.map(m.get(key), LEVEL_KEYS);
        double warning = r.parsed(l, "warning", ChecksSection::percentOrNone).orElse(fallback.warning());
        double critical = r.parsed(l, "critical", ChecksSection::percentOrNone).orElse(fallback.critical());
        if (!Double.isNaN(warning) && !Double.isNaN(critical) && (above ? critical < warning : critical > warning)) {
            r.problem(m.get(key), "'" + m.get(key).path() + "': critical (" + critical + " %) must be " + (above ? "above" : "below")
                    + " warning (" + warning + " %)");
        }
        return new HostCheckConfig.Level(warning, critical);
    }

    private static double percentOrNone(String s) {
        return s.trim().equalsIgnoreCase("none") ? Double.NaN : Units.parsePercent(s);
    }

    private CheckConfig command(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, COMMAND_KEYS);
        boolean shell = r.bool(m, "shell", false);
        List<String> command = List.of();
        ConfigNode c = m.get("command");
        if (c == null) {
            r.problem(body, "'" + body.path() + "' needs 'command': a list, the program then its arguments, e.g. [/usr/lib/nagios/plugins/check_disk, -w, 10%]");
        } else if (c.isScalar() && !shell) {
            r.problem(c, "'" + c.path() + "' is one string; write it as a list ([program, arg, arg]) so no shell reads it, or set shell: true "
                    + "to run it with /bin/sh -c");
        } else {
            command = r.stringList(m, "command");
            if (shell && command.size() != 1) {
                r.problem(c, "'" + c.path() + "' with shell: true is one string, the shell's command line");
            }
            if (command.isEmpty() || command.get(0).isBlank()) {
                r.problem(c, "'" + c.path() + "' is empty; name the program to run");
            }
        }
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(m.get("environment"))) {
            if (!e.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                r.problem(e.value(), "'" + e.name() + "' is not an environment variable name");
                continue;
            }
            // a command's environment often carries credentials: every value is kept out of reports and logs
            String v = r.scalar(e.value(), "secret");
            if (v != null) {
                environment.put(e.name(), v);
                r.secrets().add(v);
            }
        }
        Path dir = r.path(m, "working_dir").orElse(r.baseDir());
        return new CommandCheckConfig(name, r.string(m, "description", ""), command, shell,
                r.duration(m, "timeout", CommandCheckConfig.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)),
                Map.copyOf(environment), dir, r.integer(m, "max_output", CommandCheckConfig.DEFAULT_MAX_OUTPUT, 1024, 16 * 1024 * 1024));
    }

    private CheckConfig sql(String name, ConfigNode body) {
        Map<String, ConfigNode> m = r.map(body, SQL_KEYS);
        String db = database(m, body);
        String query = required(m, "query", body);
        if (query != null) {
            SqlText.notAQuery(query).ifPresent(why -> r.problem(m.get("query"), "the query of check '" + name + "' is refused: " + why));
        }
        String code = r.string(m, "code", SqlCheckConfig.DEFAULT_CODE);
        if (!CODE.matcher(code).matches()) {
            r.problem(m.get("code"), "'" + code + "' is not a finding code: write family.name in lower case, e.g. app.stuck_orders");
        }
        Severity severity = r.parsed(m, "severity", Severity::parse).orElse(SqlCheckConfig.DEFAULT_SEVERITY);
        return new SqlCheckConfig(name, r.string(m, "description", ""), db, query,
                r.parsed(m, "warning", NumberCondition::parse).orElse(null), r.parsed(m, "critical", NumberCondition::parse).orElse(null),
                code, severity, r.string(m, "subject_column", null));
    }
}
