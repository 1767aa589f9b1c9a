package dev.caretaker.config;

import java.time.Duration;
import java.util.List;

/**
 * An alert rule: {@code when} holds for {@code for} (across runs, from the stored history), then fires with
 * {@code severity} until it has not held for {@code keep_firing_for}. Rules of one {@code group} share one
 * incident at the highest severity firing.
 */
public record RuleConfig(String name, MetricCondition when, Duration forDuration, Duration keepFiringFor, String severity,
                         String priority, String message, String group, boolean enabled) {

    public static final Duration DEFAULT_FOR = Duration.ZERO;
    public static final Duration DEFAULT_KEEP_FIRING_FOR = Duration.ZERO;
    public static final String DEFAULT_SEVERITY = "warning";

    public String groupOrName() {
        return group == null ? name : group;
    }

    /**
     * The default rule pack: manual 003's alertRules and the thresholds of 001 and 002 that are not built-in
     * findings already (error rate, connections, job success rate, slow responses and downtime are).
     */
    public static final List<RuleConfig> DEFAULT_PACK = List.of(
            new RuleConfig("response-time", MetricCondition.parse("http.latency_ms > 1000"), Duration.ofMinutes(10), Duration.ofMinutes(5),
                    "warning", null, "Response time above 1000 ms for 10 minutes (003 response_time)", "response-time", true),
            new RuleConfig("response-time-critical", MetricCondition.parse("http.latency_ms > 2000"), Duration.ofMinutes(10),
                    Duration.ofMinutes(5), "critical", null, "Response time above 2000 ms for 10 minutes: immediate action (003)",
                    "response-time", true),
            new RuleConfig("api-response-time", MetricCondition.parse("http.latency_ms > 10000"), Duration.ZERO, Duration.ofMinutes(5),
                    "critical", null, "An API call took over 10 seconds (002 alert threshold)", "response-time", true),
            new RuleConfig("health-score-low", MetricCondition.parse("caretaker.health_score < 90"), Duration.ZERO, Duration.ZERO,
                    "warning", null, "System health score below 90 (003 system_health)", null, true));
}
