package dev.caretaker.config;

import java.time.Duration;
import java.util.List;

/**
 * An alert rule: {@code when} holds for {@code for} (across runs, from the stored history), then fires with
 * {@code severity} until it has not held for {@code keep_firing_for}. Rules of one {@code group} share one
 * incident at the highest severity firing. {@code priority} is null to take the severity's.
 */
public record RuleConfig(String name, MetricCondition when, Duration forDuration, Duration keepFiringFor, Severity severity,
                         Priority priority, String message, String group, boolean enabled) {

    public static final Duration DEFAULT_FOR = Duration.ZERO;
    public static final Duration DEFAULT_KEEP_FIRING_FOR = Duration.ZERO;
    public static final Severity DEFAULT_SEVERITY = Severity.WARNING;
    /** The system's health score after each run: the mean over every check's latest result (see README, Health score). */
    public static final String HEALTH_SCORE_METRIC = "caretaker.health_score";
    /** The check name of alerts about the whole system (the health score): no check of a config can be called this. */
    public static final String SYSTEM_CHECK = "(system)";

    public String groupOrName() {
        return group == null ? name : group;
    }

    /**
     * The default rule pack: manual 003's alertRules and the thresholds of 001 and 002 that are not built-in
     * findings already (error rate, connections, job success rate, slow responses and downtime are). Their messages are
     * incident titles an operator reads: they say what is wrong, never which manual asked for the rule.
     */
    public static final List<RuleConfig> DEFAULT_PACK = List.of(
            new RuleConfig("response-time", MetricCondition.parse("http.latency_ms > 1000"), Duration.ofMinutes(10), Duration.ofMinutes(5),
                    Severity.WARNING, null, "Response time above 1000 ms for 10 minutes", "response-time", true),
            new RuleConfig("response-time-critical", MetricCondition.parse("http.latency_ms > 2000"), Duration.ofMinutes(10),
                    Duration.ofMinutes(5), Severity.CRITICAL, null, "Response time above 2000 ms for 10 minutes: act now",
                    "response-time", true),
            new RuleConfig("api-response-time", MetricCondition.parse("http.latency_ms > 10000"), Duration.ZERO, Duration.ofMinutes(5),
                    Severity.CRITICAL, null, "A response took over 10 seconds", "response-time", true),
            new RuleConfig("health-score-low", MetricCondition.parse(HEALTH_SCORE_METRIC + " < 90"), Duration.ZERO, Duration.ZERO,
                    Severity.WARNING, null, "System health score below 90", null, true));
}
