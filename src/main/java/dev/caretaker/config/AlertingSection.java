package dev.caretaker.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code rules:}, {@code incidents:} and {@code maintenance:}. */
final class AlertingSection {
    static final List<String> RULE_KEYS = List.of("name", "when", "for", "keep_firing_for", "severity", "priority", "message",
            "group", "enabled");
    static final List<String> INCIDENTS_KEYS = List.of("priorities", "sla", "reopen_within", "flapping", "escalate_to");
    static final List<String> FLAPPING_KEYS = List.of("changes", "window");
    static final List<String> MAINTENANCE_KEYS = List.of("name", "schedule", "duration", "from", "to", "checks");
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    private final ConfigReader r;

    AlertingSection(ConfigReader r) {
        this.r = r;
    }

    /** The default pack with the file's rules laid over it: same name replaces, {@code enabled: false} switches off. */
    List<RuleConfig> rules(ConfigNode node) {
        Map<String, RuleConfig> byName = new LinkedHashMap<>();
        RuleConfig.DEFAULT_PACK.forEach(rule -> byName.put(rule.name(), rule));
        for (ConfigNode item : r.list(node)) {
            Map<String, ConfigNode> m = r.map(item, RULE_KEYS);
            Optional<String> name = r.requiredString(m, "name", item);
            if (name.isEmpty()) {
                continue;
            }
            boolean enabled = r.bool(m, "enabled", true);
            RuleConfig base = byName.get(name.get());
            if (!m.containsKey("when") && base == null) {
                r.problem(item, "rule '" + name.get() + "' needs 'when', e.g. when: http.latency_ms{check=\"crm-api\"} > 2000"
                        + (enabled ? "" : "; only rules of the default pack can be switched off by name: "
                        + String.join(", ", RuleConfig.DEFAULT_PACK.stream().map(RuleConfig::name).toList())));
                continue;
            }
            MetricCondition when = r.parsed(m, "when", MetricCondition::parse).orElse(base == null ? null : base.when());
            String severity = r.string(m, "severity", base == null ? RuleConfig.DEFAULT_SEVERITY : base.severity());
            r.oneOf(m, "severity", severity, SEVERITIES);
            String priority = r.string(m, "priority", base == null ? null : base.priority());
            if (priority != null) {
                r.oneOf(m, "priority", priority, Set.copyOf(IncidentsConfig.PRIORITIES));
            }
            byName.put(name.get(), new RuleConfig(name.get(), when,
                    r.duration(m, "for", base == null ? RuleConfig.DEFAULT_FOR : base.forDuration()),
                    r.duration(m, "keep_firing_for", base == null ? RuleConfig.DEFAULT_KEEP_FIRING_FOR : base.keepFiringFor()),
                    severity, priority, r.string(m, "message", base == null ? name.get() : base.message()),
                    r.string(m, "group", base == null ? null : base.group()), enabled));
        }
        return byName.values().stream().filter(RuleConfig::enabled).toList();
    }

    IncidentsConfig incidents(ConfigNode node) {
        Map<String, ConfigNode> m = r.map(node, INCIDENTS_KEYS);
        Map<String, String> priorities = new HashMap<>(IncidentsConfig.DEFAULT_PRIORITIES);
        Map<String, ConfigNode> p = r.map(m.get("priorities"), List.copyOf(SEVERITIES));
        for (String severity : p.keySet()) {
            String v = r.string(p, severity, null);
            List<String> allowed = new ArrayList<>(IncidentsConfig.PRIORITIES);
            allowed.add("none");
            r.oneOf(p, severity, v, Set.copyOf(allowed));
            priorities.put(severity, v);
        }
        Map<String, Duration> sla = new HashMap<>(IncidentsConfig.DEFAULT_SLA);
        Map<String, ConfigNode> s = r.map(m.get("sla"), IncidentsConfig.PRIORITIES);
        for (String priority : s.keySet()) {
            sla.put(priority, r.duration(s, priority, sla.get(priority)));
        }
        Map<String, ConfigNode> flap = r.map(m.get("flapping"), FLAPPING_KEYS);
        return new IncidentsConfig(Map.copyOf(priorities), Map.copyOf(sla),
                r.duration(m, "reopen_within", IncidentsConfig.DEFAULT_REOPEN_WITHIN),
                r.integer(flap, "changes", IncidentsConfig.DEFAULT_FLAP_CHANGES, 2, 100),
                r.duration(flap, "window", IncidentsConfig.DEFAULT_FLAP_WINDOW), r.stringList(m, "escalate_to"));
    }

    List<MaintenanceWindow> maintenance(ConfigNode node, Set<String> checks) {
        List<MaintenanceWindow> out = new ArrayList<>();
        for (ConfigNode item : r.list(node)) {
            Map<String, ConfigNode> m = r.map(item, MAINTENANCE_KEYS);
            String name = r.string(m, "name", "maintenance " + (out.size() + 1));
            Optional<CronExpression> schedule = r.parsed(m, "schedule", CronExpression::parse);
            Optional<Instant> from = r.parsed(m, "from", AlertingSection::instant);
            Optional<Instant> to = r.parsed(m, "to", AlertingSection::instant);
            Duration duration = r.duration(m, "duration", null);
            if (m.containsKey("schedule") == (m.containsKey("from") || m.containsKey("to"))) {
                r.problem(item, "maintenance window '" + name + "' needs either 'schedule' with 'duration', or 'from' and 'to'");
            } else if (m.containsKey("schedule") && !m.containsKey("duration")) {
                r.problem(item, "maintenance window '" + name + "' needs 'duration' with its 'schedule', e.g. duration: 2h");
            } else if (m.containsKey("from") != m.containsKey("to")) {
                r.problem(item, "maintenance window '" + name + "' needs both 'from' and 'to'");
            } else if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
                r.problem(m.get("to"), "maintenance window '" + name + "' ends before it starts");
            }
            List<String> only = r.stringList(m, "checks");
            for (String c : only) {
                if (!checks.contains(c)) {
                    r.problem(m.get("checks"), "maintenance window '" + name + "' names check '" + c + "', which 'checks' does not define"
                            + Suggestions.didYouMean(c, checks));
                }
            }
            out.add(new MaintenanceWindow(name, schedule.orElse(null), duration, from.orElse(null), to.orElse(null), only));
        }
        return out;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a time: write it as 2026-11-29T02:00:00Z");
        }
    }
}
