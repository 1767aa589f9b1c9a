package dev.caretaker.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code incidents.repeat}, {@code incidents.max_reminders} and {@code incidents.escalation}. */
final class EscalationSection {
    static final List<String> PRIORITY_KEYS = List.of("P0", "P1", "P2", "P3");
    static final List<String> STEP_KEYS = List.of("after", "notify");
    static final Duration SHORTEST_REPEAT = Duration.ofMinutes(1);

    private final ConfigReader r;
    /** Each step's {@code notify} node and the names in it, checked against the channels once {@code notify:} is read. */
    private final List<Map.Entry<ConfigNode, List<String>>> targets = new ArrayList<>();

    EscalationSection(ConfigReader r) {
        this.r = r;
    }

    /** {@code repeat: 30m} for every priority, {@code repeat: {P0: 15m, P1: 30m}} per priority, {@code none} for none. */
    Map<Priority, Duration> repeat(Map<String, ConfigNode> incidents) {
        Map<Priority, Duration> out = new EnumMap<>(Priority.class);
        ConfigNode node = incidents.get("repeat");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (node.isScalar()) {
            one(incidents, "repeat").ifPresent(d -> PRIORITY_KEYS.forEach(p -> out.put(Priority.parse(p), d)));
            return Map.copyOf(out);
        }
        Map<String, ConfigNode> m = r.map(node, PRIORITY_KEYS);
        for (String p : m.keySet()) {
            one(m, p).ifPresent(d -> out.put(Priority.parse(p), d));
        }
        return Map.copyOf(out);
    }

    private Optional<Duration> one(Map<String, ConfigNode> m, String key) {
        if (r.string(m, key).filter(s -> s.trim().equalsIgnoreCase("none")).isPresent()) {
            return Optional.empty();
        }
        return Optional.ofNullable(r.duration(m, key, null, SHORTEST_REPEAT, AlertingSection.LONGEST));
    }

    /** {@code escalation: {P1: [{after: 15m, notify: [oncall-primary]}, …]}}: steps in order of {@code after}. */
    Map<Priority, List<IncidentsConfig.EscalationStep>> escalation(ConfigNode node) {
        Map<Priority, List<IncidentsConfig.EscalationStep>> out = new EnumMap<>(Priority.class);
        Map<String, ConfigNode> m = r.map(node, PRIORITY_KEYS);
        for (Map.Entry<String, ConfigNode> e : m.entrySet()) {
            List<IncidentsConfig.EscalationStep> steps = new ArrayList<>();
            for (ConfigNode item : r.list(e.getValue())) {
                step(item, steps);
            }
            if (steps.isEmpty() && e.getValue() != null && e.getValue().isList()) {
                r.problem(e.getValue(), "'" + e.getValue().path() + "' lists no steps; write at least one, e.g. "
                        + "- {after: 15m, notify: [oncall-primary]}, or leave the priority out");
            }
            if (!steps.isEmpty()) {
                out.put(Priority.parse(e.getKey()), List.copyOf(steps));
            }
        }
        return Map.copyOf(out);
    }

    private void step(ConfigNode item, List<IncidentsConfig.EscalationStep> steps) {
        Map<String, ConfigNode> s = r.map(item, STEP_KEYS);
        int number = steps.size() + 1;
        if (!s.containsKey("after")) {
            r.problem(item, "escalation step " + number + " at '" + item.path() + "' needs 'after': how long after the incident opened, e.g. after: 15m");
        }
        List<String> notify = r.stringList(s, "notify");
        if (notify.isEmpty()) {
            r.problem(s.getOrDefault("notify", item), "escalation step " + number + " at '" + item.path()
                    + "' needs 'notify': the channels to page, e.g. notify: [oncall-primary]");
        } else {
            targets.add(Map.entry(s.get("notify"), notify));
        }
        Duration after = r.duration(s, "after", null, Duration.ZERO, AlertingSection.LONGEST);
        if (after == null) {
            return;
        }
        if (!steps.isEmpty() && after.compareTo(steps.get(steps.size() - 1).after()) <= 0) {
            r.problem(s.get("after"), "escalation steps out of order at '" + item.path() + "': step " + number + " is after "
                    + Units.formatDuration(after) + ", not later than step " + (number - 1) + " (after "
                    + Units.formatDuration(steps.get(steps.size() - 1).after()) + "); list the steps by 'after', earliest first");
            return;
        }
        steps.add(new IncidentsConfig.EscalationStep(after, List.copyOf(notify)));
    }

    /**
     * Every channel a step names must be defined under {@code notify.channels}; an {@code oncall:NAME} (the person on call
     * in schedule NAME when the step is sent) goes to {@code schedules} to be checked once the schedules are read.
     */
    void knownChannels(Set<String> channels, java.util.function.BiConsumer<String, ConfigNode> schedules) {
        for (Map.Entry<ConfigNode, List<String>> t : targets) {
            for (String n : t.getValue()) {
                if (n.startsWith(OncallConfig.ROUTE_PREFIX)) {
                    schedules.accept(n, t.getKey());
                } else if (!channels.contains(n)) {
                    r.problem(t.getKey(), "'" + t.getKey().path() + "': channel '" + n + "' is not defined under 'notify.channels'"
                            + Suggestions.didYouMean(n, channels));
                }
            }
        }
    }
}
