package dev.caretaker.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How findings and rules become incidents: priorities, response-time SLAs, re-opening, flapping, and the inhibitions that
 * keep an aggregate alert quiet while the incidents that cause it are open.
 */
public record IncidentsConfig(Map<Severity, Priority> priorities, Map<Priority, Duration> sla, Duration reopenWithin,
                              int flapChanges, Duration flapWindow, List<String> escalateTo, List<Inhibition> inhibit,
                              Map<Priority, Duration> repeat, int maxReminders, Map<Priority, List<EscalationStep>> escalation) {

    /** At most this many reminders per opening of an incident, unless {@code max_reminders} says otherwise. */
    public static final int DEFAULT_MAX_REMINDERS = 10;

    /** Without reminders or escalation steps (as before they existed). */
    public IncidentsConfig(Map<Severity, Priority> priorities, Map<Priority, Duration> sla, Duration reopenWithin, int flapChanges,
                           Duration flapWindow, List<String> escalateTo, List<Inhibition> inhibit) {
        this(priorities, sla, reopenWithin, flapChanges, flapWindow, escalateTo, inhibit, Map.of(), DEFAULT_MAX_REMINDERS, Map.of());
    }

    /**
     * One step of an escalation policy: {@code after} the incident opened (or re-opened) and is still not acknowledged, its
     * opening is sent to {@code notify} (channel names) once.
     */
    public record EscalationStep(Duration after, List<String> targets) {
    }

    /** The steps for a priority; empty when the file writes none, and then the single escalation (sla, escalate_to) applies. */
    public List<EscalationStep> stepsOf(Priority p) {
        return escalation.getOrDefault(p, List.of());
    }

    /** How often an open, unacknowledged incident of priority {@code p} is re-sent, if at all. */
    public Optional<Duration> repeatOf(Priority p) {
        return Optional.ofNullable(repeat.get(p));
    }

    /** The response times that escalate once: those of the priorities without escalation steps. */
    public Map<Priority, Duration> singleEscalationSla() {
        Map<Priority, Duration> out = new EnumMap<>(Priority.class);
        sla.forEach((p, d) -> {
            if (stepsOf(p).isEmpty()) {
                out.put(p, d);
            }
        });
        return out;
    }

    /** critical → P1, warning → P2, info → no incident. */
    public static final Map<Severity, Priority> DEFAULT_PRIORITIES = Map.of(Severity.CRITICAL, Priority.P1, Severity.WARNING, Priority.P2);
    /** Manual 004: P0 immediate, P1 < 1 h, P2 < 4 h, P3 < 24 h. */
    public static final Map<Priority, Duration> DEFAULT_SLA = new EnumMap<>(Map.of(Priority.P0, Duration.ZERO, Priority.P1, Duration.ofHours(1),
            Priority.P2, Duration.ofHours(4), Priority.P3, Duration.ofHours(24)));
    public static final Duration DEFAULT_REOPEN_WITHIN = Duration.ofHours(1);
    public static final int DEFAULT_FLAP_CHANGES = 4;
    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofHours(1);
    /** The health score says "something is wrong" once more: quiet while any other incident of the system is open. */
    public static final List<Inhibition> DEFAULT_INHIBIT = List.of(new Inhibition(List.of("health-score-low"), List.of("*"), List.of()));

    /**
     * Alertmanager's inhibit rule: an alert of a {@code targets} rule or code opens no incident while an incident of a
     * {@code sources} rule or code is open; with {@code equal}, only one with the same check or subject. Globs allowed.
     */
    public record Inhibition(List<String> targets, List<String> sources, List<String> equal) {
        public static final List<String> EQUAL_KEYS = List.of("check", "subject");

        public boolean targets(String source) {
            return targets.stream().anyMatch(g -> Globs.matches(g, source));
        }

        public boolean sourcedBy(String source) {
            return sources.stream().anyMatch(g -> Globs.matches(g, source));
        }
    }

    /** The priority of a severity, or empty when it opens no incident. */
    public Optional<Priority> priorityOf(Severity severity) {
        return Optional.ofNullable(priorities.get(severity));
    }
}
