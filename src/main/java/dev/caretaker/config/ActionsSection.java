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
 * Reads {@code actions:}: the keys every action has here, the keys of its kind through that kind's {@link ActionType}.
 * Refuses at load what must never run by itself: an {@code auto} action of a kind that may not be auto, and (checked by
 * the kinds) any {@code auto} action that touches a database's {@code protected_tables}.
 */
final class ActionsSection {
    static final List<String> COMMON_KEYS = List.of("type", "policy", "description", "when", "subject", "schedule", "every",
            "dry_run", "max_runs_per_hour", "max_attempts", "verify", "expires", "notify");
    static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?";

    private final ConfigReader r;
    private final Map<String, ActionType> types;

    ActionsSection(ConfigReader r, Map<String, ActionType> types) {
        this.r = r;
        this.types = types;
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
        if (!node.isMap()) {
            r.problem(node, "action '" + name + "' must be a map with at least 'type'");
            return null;
        }
        Map<String, ConfigNode> m = r.namedEntries(node);
        Optional<String> typeName = r.requiredString(m, "type", node);
        if (typeName.isEmpty()) {
            return null;
        }
        ActionType type = types.get(typeName.get());
        if (type == null) {
            r.problem(m.get("type"), "action '" + name + "' has type '" + typeName.get() + "'" + Suggestions.didYouMean(typeName.get(),
                    types.keySet()) + "; the types are " + String.join(", ", types.keySet()));
            return null;
        }
        for (Map.Entry<String, ConfigNode> k : m.entrySet()) {
            if (!COMMON_KEYS.contains(k.getKey()) && !type.keys().contains(k.getKey())) {
                List<String> allowed = new ArrayList<>(type.keys());
                allowed.addAll(COMMON_KEYS);
                r.problem(k.getValue(), "'" + k.getKey() + "' does not apply to an action of type " + type.name()
                        + Suggestions.didYouMean(k.getKey(), allowed) + "; its keys are " + String.join(", ", type.keys())
                        + " and " + String.join(", ", COMMON_KEYS));
            }
        }
        Policy policy = r.parsed(m, "policy", Policy::parse).orElse(Policy.DEFAULT);
        ConfigNode policyAt = m.getOrDefault("policy", node);

        Optional<String> when = r.string(m, "when");
        Optional<String> cron = r.parsed(m, "schedule", s -> {
            CronSyntax.validate(s);
            return s.trim();
        });
        Optional<Duration> every = r.parsed(m, "every", s -> {
            Duration d = Units.parseDuration(s);
            if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException(Units.formatDuration(d) + " is out of range: an action runs every 1m to 366d");
            }
            return d;
        });
        trigger(name, type, node, m, when, ruleNames);

        String database = null;
        if (type.usesDatabase()) {
            database = r.requiredString(m, "database", node).orElse(null);
            if (database != null && !databases.containsKey(database)) {
                r.problem(m.get("database"), "action '" + name + "' names database '" + database + "', which is not under 'databases'"
                        + Suggestions.didYouMean(database, databases.keySet()));
            }
        }
        List<String> protectedTables = database != null && databases.containsKey(database) ? databases.get(database).protectedTables() : List.of();
        if (policy == Policy.AUTO && !type.mayBeAuto()) {
            r.problem(policyAt, "action '" + name + "' of type " + type.name() + " cannot be auto: only a single INSERT, UPDATE or DELETE, "
                    + "an http call, mark_integration, vacuum and retention may run by themselves; write policy: approval");
        }
        ActionSettings settings = type.read(new Section(r, node, m), new ActionType.Draft(name, policy, protectedTables));

        boolean scheduled = cron.isPresent() || every.isPresent();
        boolean verify = r.bool(m, "verify", !scheduled && type.verifiesByDefault());
        if (verify && scheduled) {
            r.problem(m.get("verify"), "a scheduled action has no triggering check to run again; remove 'verify'");
        }
        long maxRows = type.keys().contains("max_rows")
                ? r.integer(m, "max_rows", (int) Math.min(Integer.MAX_VALUE, type.defaultMaxRows()), 1, Integer.MAX_VALUE)
                : type.defaultMaxRows();
        ActionConfig.Guardrails guard = new ActionConfig.Guardrails(r.bool(m, "dry_run", false), maxRows,
                r.integer(m, "max_runs_per_hour", ActionConfig.DEFAULT_MAX_RUNS_PER_HOUR, 1, 3600),
                r.integer(m, "max_attempts", ActionConfig.DEFAULT_MAX_ATTEMPTS, 1, 10), verify,
                r.duration(m, "expires", ActionConfig.DEFAULT_EXPIRES, Duration.ofMinutes(1), Duration.ofDays(30)));
        List<String> notify = r.stringList(m, "notify");
        for (String c : notify) {
            if (!channels.contains(c)) {
                r.problem(m.get("notify"), "channel '" + c + "' is not defined under 'notify.channels'" + Suggestions.didYouMean(c, channels));
            }
        }
        return new ActionConfig(name, type, policy, r.string(m, "description", ""), when, r.string(m, "subject"), cron, every, database,
                settings, guard, notify);
    }

    private void trigger(String name, ActionType type, ConfigNode node, Map<String, ConfigNode> m, Optional<String> when, Set<String> ruleNames) {
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
        List<String> codes = type.actsOnSubjectsOf();
        if (!codes.isEmpty()) {
            if (scheduled) {
                r.problem(m.getOrDefault("schedule", m.get("every")), "an action of type " + type.name() + " acts on the subject of a finding ("
                        + String.join(", ", codes) + "); give it 'when' instead of a schedule");
            } else if (when.isPresent() && !codes.contains(when.get())) {
                r.problem(m.get("when"), "an action of type " + type.name() + " acts on the subject of " + String.join(" or ", codes)
                        + ", not of '" + when.get() + "'" + Suggestions.didYouMean(when.get(), codes));
            }
        } else if (when.isPresent() && !ruleNames.contains(when.get()) && !when.get().matches("[a-z_]+\\.[a-z_]+")) {
            r.problem(m.get("when"), "'when: " + when.get() + "' is neither a finding code (family.name, e.g. jobs.failure_rate) nor a rule name"
                    + Suggestions.didYouMean(when.get(), ruleNames));
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
