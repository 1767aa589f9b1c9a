package dev.caretaker.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code actions:} and refuses, at load, what must never run by itself: an {@code auto} action that is not a
 * single INSERT, UPDATE or DELETE, an http call, {@code mark_integration}, {@code vacuum} or {@code retention}; and
 * any {@code auto} action that touches a database's {@code protected_tables}.
 */
final class ActionsSection {
    static final List<String> COMMON_KEYS = List.of("type", "policy", "description", "when", "subject", "schedule", "every",
            "dry_run", "max_runs_per_hour", "max_attempts", "verify", "expires", "notify");
    static final Map<String, List<String>> TYPE_KEYS = Map.of(
            "sql", List.of("database", "sql", "max_rows"),
            "http", List.of("url", "method", "headers", "body", "expect_status", "timeout"),
            "mark_integration", List.of("database", "table", "name_column", "status_column", "status", "max_rows"),
            "vacuum", List.of("database"),
            "reindex", List.of("database"),
            "cancel", List.of("database", "longer_than"),
            "terminate", List.of("database", "longer_than"),
            "retention", List.of("database", "table", "time_column", "older_than", "archive_to", "batch_size", "max_rows"));
    static final List<String> ACTION_KEYS;
    /** The finding codes whose subject each maintenance type acts on. */
    static final Map<String, List<String>> SUBJECT_CODES = Map.of(
            "vacuum", List.of("postgres.table_bloat", "postgres.vacuum_overdue"),
            "reindex", List.of("postgres.invalid_index"),
            "cancel", List.of("postgres.idle_in_transaction", "postgres.long_transaction"),
            "terminate", List.of("postgres.idle_in_transaction", "postgres.long_transaction"));
    static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE");
    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?";

    static {
        Set<String> all = new LinkedHashSet<>(COMMON_KEYS);
        ActionConfig.TYPES.forEach(t -> all.addAll(TYPE_KEYS.get(t)));
        ACTION_KEYS = List.copyOf(all);
    }

    private final ConfigReader r;

    ActionsSection(ConfigReader r) {
        this.r = r;
    }

    Map<String, ActionConfig> read(ConfigNode node, Map<String, DatabaseConfig> databases, List<RuleConfig> rules, Set<String> channels) {
        Map<String, ActionConfig> out = new LinkedHashMap<>();
        Set<String> ruleNames = new LinkedHashSet<>();
        rules.forEach(rule -> ruleNames.add(rule.name()));
        for (ConfigNode.Entry e : r.namedEntriesWithKeys(node)) {
            ActionConfig a = action(e.name(), e.value(), databases, ruleNames, channels);
            if (a != null) {
                out.put(e.name(), a);
            }
        }
        return out;
    }

    private ActionConfig action(String name, ConfigNode node, Map<String, DatabaseConfig> databases, Set<String> ruleNames,
                                Set<String> channels) {
        Map<String, ConfigNode> m = r.map(node, ACTION_KEYS);
        Optional<String> type = r.requiredString(m, "type", node);
        if (type.isEmpty()) {
            return null;
        }
        if (!ActionConfig.TYPES.contains(type.get())) {
            r.problem(m.get("type"), "action '" + name + "' has type '" + type.get() + "'; the types are " + String.join(", ", ActionConfig.TYPES)
                    + Suggestions.didYouMean(type.get(), ActionConfig.TYPES));
            return null;
        }
        String t = type.get();
        for (Map.Entry<String, ConfigNode> k : m.entrySet()) {
            if (!COMMON_KEYS.contains(k.getKey()) && !TYPE_KEYS.get(t).contains(k.getKey())) {
                r.problem(k.getValue(), "'" + k.getKey() + "' does not apply to an action of type " + t + "; its keys are "
                        + String.join(", ", TYPE_KEYS.get(t)) + " and " + String.join(", ", COMMON_KEYS));
            }
        }
        String policy = r.string(m, "policy", ActionConfig.DEFAULT_POLICY);
        r.oneOf(m, "policy", policy, Set.copyOf(ActionConfig.POLICIES));
        boolean auto = policy.equals(ActionConfig.AUTO);
        ConfigNode policyAt = m.getOrDefault("policy", node);

        Optional<String> when = r.string(m, "when");
        Optional<String> cron = r.parsed(m, "schedule", s -> {
            CronSyntax.validate(s);
            return s.trim();
        });
        Optional<Duration> every = r.parsed(m, "every", Units::parseDuration);
        trigger(name, t, node, m, when, ruleNames);

        String database = null;
        if (TYPE_KEYS.get(t).contains("database")) {
            database = r.requiredString(m, "database", node).orElse(null);
            if (database != null && !databases.containsKey(database)) {
                r.problem(m.get("database"), "action '" + name + "' names database '" + database + "', which is not under 'databases'"
                        + Suggestions.didYouMean(database, databases.keySet()));
            }
        }
        List<String> protectedTables = database != null && databases.containsKey(database) ? databases.get(database).protectedTables() : List.of();
        if (auto && !ActionConfig.AUTO_TYPES.contains(t)) {
            r.problem(policyAt, "action '" + name + "' of type " + t + " cannot be auto: only a single INSERT, UPDATE or DELETE, an http call, "
                    + "mark_integration, vacuum and retention may run by themselves; write policy: approval");
        }

        String sql = null;
        if (t.equals("sql")) {
            sql = r.requiredString(m, "sql", node).orElse(null);
            if (sql != null) {
                judgeSql(name, sql, m.get("sql"), auto, policyAt, protectedTables);
            }
        }
        ActionConfig.Http http = t.equals("http") ? http(m, node) : null;
        ActionConfig.Integration integration = null;
        if (t.equals("mark_integration")) {
            integration = new ActionConfig.Integration(identifier(m, "table", ActionConfig.Integration.DEFAULT_TABLE),
                    identifier(m, "name_column", ActionConfig.Integration.DEFAULT_NAME_COLUMN),
                    identifier(m, "status_column", ActionConfig.Integration.DEFAULT_STATUS_COLUMN),
                    r.string(m, "status", ActionConfig.Integration.DEFAULT_STATUS));
            guardProtected(name, auto, policyAt, protectedTables, integration.table());
        }
        ActionConfig.Retention retention = null;
        if (t.equals("retention")) {
            Optional<String> table = r.requiredString(m, "table", node);
            Optional<String> column = r.requiredString(m, "time_column", node);
            Optional<Duration> olderThan = r.parsed(m, "older_than", Units::parseDuration);
            if (!m.containsKey("older_than")) {
                r.problem(node, "'" + node.path() + "' needs 'older_than', e.g. older_than: 90d");
            } else if (olderThan.isPresent() && olderThan.get().compareTo(Duration.ofMinutes(1)) < 0) {
                r.problem(m.get("older_than"), "'older_than' must be at least 1m");
            }
            Optional<String> archive = r.string(m, "archive_to");
            table.ifPresent(x -> checkIdentifier(m.get("table"), x));
            column.ifPresent(x -> checkIdentifier(m.get("time_column"), x));
            archive.ifPresent(x -> checkIdentifier(m.get("archive_to"), x));
            retention = new ActionConfig.Retention(table.orElse(""), column.orElse(""), olderThan.orElse(Duration.ofDays(1)), archive,
                    r.integer(m, "batch_size", ActionConfig.DEFAULT_BATCH_SIZE, 1, 1_000_000));
            guardProtected(name, auto, policyAt, protectedTables, retention.table());
            if (archive.isPresent()) {
                guardProtected(name, auto, policyAt, protectedTables, archive.get());
            }
        }
        Duration longerThan = r.duration(m, "longer_than", ActionConfig.DEFAULT_LONGER_THAN);

        boolean scheduled = cron.isPresent() || every.isPresent();
        boolean verifyDefault = !scheduled && !t.equals("mark_integration") && !t.equals("retention");
        boolean verify = r.bool(m, "verify", verifyDefault);
        if (verify && scheduled) {
            r.problem(m.get("verify"), "a scheduled action has no triggering check to run again; remove 'verify'");
        }
        long maxRows = r.integer(m, "max_rows", (int) Math.min(Integer.MAX_VALUE,
                t.equals("retention") ? ActionConfig.DEFAULT_RETENTION_MAX_ROWS : ActionConfig.DEFAULT_MAX_ROWS), 1, Integer.MAX_VALUE);
        ActionConfig.Guardrails guard = new ActionConfig.Guardrails(r.bool(m, "dry_run", false), maxRows,
                r.integer(m, "max_runs_per_hour", ActionConfig.DEFAULT_MAX_RUNS_PER_HOUR, 1, 3600),
                r.integer(m, "max_attempts", ActionConfig.DEFAULT_MAX_ATTEMPTS, 1, 10), verify,
                r.duration(m, "expires", ActionConfig.DEFAULT_EXPIRES));
        List<String> notify = r.stringList(m, "notify");
        for (String c : notify) {
            if (!channels.contains(c)) {
                r.problem(m.get("notify"), "channel '" + c + "' is not defined under 'notify.channels'" + Suggestions.didYouMean(c, channels));
            }
        }
        return new ActionConfig(name, t, policy, r.string(m, "description", ""), when, r.string(m, "subject"), cron, every, database, sql,
                http, integration, retention, longerThan, guard, notify);
    }

    private void trigger(String name, String type, ConfigNode node, Map<String, ConfigNode> m, Optional<String> when, Set<String> ruleNames) {
        boolean scheduled = m.containsKey("schedule") || m.containsKey("every");
        if (m.containsKey("schedule") && m.containsKey("every")) {
            r.problem(m.get("every"), "action '" + name + "' has both 'schedule' and 'every'; keep one");
        }
        if (when.isPresent() && scheduled) {
            r.problem(m.get("when"), "action '" + name + "' has both 'when' and a schedule; an action answers a finding or runs on a schedule, not both");
        }
        if (when.isEmpty() && !scheduled) {
            r.problem(node, "action '" + name + "' needs 'when' (a finding code or rule name, e.g. when: postgres.table_bloat) "
                    + "or 'schedule'/'every' (e.g. schedule: \"0 3 * * SUN\")");
        }
        if (m.containsKey("subject") && when.isEmpty()) {
            r.problem(m.get("subject"), "'subject' narrows 'when'; it needs a 'when'");
        }
        List<String> codes = SUBJECT_CODES.get(type);
        if (codes != null) {
            if (scheduled) {
                r.problem(m.getOrDefault("schedule", m.get("every")), "an action of type " + type + " acts on the subject of a finding ("
                        + String.join(", ", codes) + "); give it 'when' instead of a schedule");
            } else if (when.isPresent() && !codes.contains(when.get())) {
                r.problem(m.get("when"), "an action of type " + type + " acts on the subject of " + String.join(" or ", codes)
                        + ", not of '" + when.get() + "'" + Suggestions.didYouMean(when.get(), codes));
            }
        } else if (when.isPresent() && !ruleNames.contains(when.get()) && !when.get().matches("[a-z_]+\\.[a-z_]+")) {
            r.problem(m.get("when"), "'when: " + when.get() + "' is neither a finding code (family.name, e.g. jobs.failure_rate) nor a rule name"
                    + Suggestions.didYouMean(when.get(), ruleNames));
        }
    }

    private void judgeSql(String name, String sql, ConfigNode at, boolean auto, ConfigNode policyAt, List<String> protectedTables) {
        SqlText text;
        try {
            text = SqlText.parse(sql);
        } catch (IllegalArgumentException e) {
            r.problem(at, "the sql of action '" + name + "' cannot be read: " + e.getMessage());
            return;
        }
        if (text.statementCount() != 1) {
            r.problem(at, "the sql of action '" + name + "' holds " + text.statementCount() + " statements; an action runs exactly one");
            return;
        }
        if (!auto) {
            return;
        }
        String verb = text.firstKeyword();
        if (!DML.contains(verb)) {
            r.problem(policyAt, "action '" + name + "' runs " + (verb.isEmpty() ? "no statement" : verb + " …")
                    + ", which cannot be auto: an auto sql action is a single INSERT, UPDATE or DELETE (schema changes, GRANT, REVOKE, "
                    + "ALTER ROLE and policies always need a human); write policy: approval");
            return;
        }
        for (String table : protectedTables) {
            if (text.mentions(table)) {
                r.problem(policyAt, "action '" + name + "' touches protected table " + table + ", so it cannot be auto; write policy: approval");
            }
        }
    }

    private void guardProtected(String name, boolean auto, ConfigNode policyAt, List<String> protectedTables, String table) {
        if (!auto || table == null) {
            return;
        }
        for (String p : protectedTables) {
            if (SqlText.parse(table).mentions(p)) {
                r.problem(policyAt, "action '" + name + "' touches protected table " + p + ", so it cannot be auto; write policy: approval");
            }
        }
    }

    private ActionConfig.Http http(Map<String, ConfigNode> m, ConfigNode node) {
        Optional<String> url = r.requiredString(m, "url", node);
        url.ifPresent(u -> {
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                r.problem(m.get("url"), "'url' must start with http:// or https://");
            }
        });
        String method = r.string(m, "method", ActionConfig.Http.DEFAULT_METHOD).toUpperCase(java.util.Locale.ROOT);
        r.oneOf(m, "method", method, Set.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        Map<String, String> headers = new AlertingSection(r).headers(m.get("headers"));
        return new ActionConfig.Http(url.orElse(""), method, headers, r.string(m, "body", null),
                r.integer(m, "expect_status", ActionConfig.Http.DEFAULT_EXPECT_STATUS, 100, 599),
                r.duration(m, "timeout", ActionConfig.Http.DEFAULT_TIMEOUT));
    }

    private String identifier(Map<String, ConfigNode> m, String key, String fallback) {
        String v = r.string(m, key, fallback);
        if (m.containsKey(key)) {
            checkIdentifier(m.get(key), v);
        }
        return v;
    }

    private void checkIdentifier(ConfigNode at, String value) {
        if (value != null && !value.matches(IDENTIFIER)) {
            r.problem(at, "'" + value + "' is not a table or column name (letters, digits and _, optionally schema.name)");
        }
    }

    static List<String> protectedTables(ConfigReader r, Map<String, ConfigNode> m) {
        List<String> out = new ArrayList<>(r.stringList(m, "protected_tables"));
        for (String t : out) {
            if (!t.matches(IDENTIFIER)) {
                r.problem(m.get("protected_tables"), "'" + t + "' is not a table name (name or schema.name)");
            }
        }
        return List.copyOf(out);
    }
}
