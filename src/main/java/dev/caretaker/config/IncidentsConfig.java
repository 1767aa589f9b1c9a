package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** How findings and rules become incidents: priorities, response-time SLAs, re-opening and flapping. */
public record IncidentsConfig(Map<String, String> priorities, Map<String, Duration> sla, Duration reopenWithin,
                              int flapChanges, Duration flapWindow, List<String> escalateTo) {

    public static final List<String> PRIORITIES = List.of("P0", "P1", "P2", "P3");
    /** critical → P1, warning → P2, info → no incident. */
    public static final Map<String, String> DEFAULT_PRIORITIES = Map.of("critical", "P1", "warning", "P2", "info", "none");
    /** Manual 004: P0 immediate, P1 < 1 h, P2 < 4 h, P3 < 24 h. */
    public static final Map<String, Duration> DEFAULT_SLA = Map.of("P0", Duration.ZERO, "P1", Duration.ofHours(1),
            "P2", Duration.ofHours(4), "P3", Duration.ofHours(24));
    public static final Duration DEFAULT_REOPEN_WITHIN = Duration.ofHours(1);
    public static final int DEFAULT_FLAP_CHANGES = 4;
    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofHours(1);

    public static IncidentsConfig defaults() {
        return new IncidentsConfig(DEFAULT_PRIORITIES, DEFAULT_SLA, DEFAULT_REOPEN_WITHIN, DEFAULT_FLAP_CHANGES, DEFAULT_FLAP_WINDOW, List.of());
    }

    /** The priority of a severity, or null when it opens no incident. */
    public String priorityOf(String severity) {
        String p = priorities.get(severity);
        return p == null || p.equals("none") ? null : p;
    }
}
