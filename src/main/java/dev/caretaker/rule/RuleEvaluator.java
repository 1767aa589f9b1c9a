package dev.caretaker.rule;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.config.Units;
import dev.caretaker.history.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a run into alerts: every finding is one, and every rule whose condition has held for its {@code for}
 * (judged on the stored history, so across separate runs) is one until it has not held for
 * {@code keep_firing_for}. Rules of one group give one alert per series, at the highest severity firing.
 */
public final class RuleEvaluator {
    /** History older than the longest {@code for + keep_firing_for} plus this is not read. */
    static final Duration LOOKBACK_MARGIN = Duration.ofHours(1);

    private final RunHistory history;

    public RuleEvaluator(RunHistory history) {
        this.history = history;
    }

    public List<Alert> evaluate(RunResult run, List<RuleConfig> rules) {
        List<Alert> alerts = new ArrayList<>();
        for (CheckResult r : run.results()) {
            for (Finding f : r.findings()) {
                alerts.add(new Alert(f.code(), Alert.Kind.FINDING, r.name(), f.subject(), f.severity(), null, f.message(), f.evidence()));
            }
        }
        Set<String> ran = run.results().stream().map(CheckResult::name).collect(Collectors.toSet());
        Map<String, Alert> byGroupAndSeries = new LinkedHashMap<>();
        for (RuleConfig rule : rules) {
            for (Alert a : fire(rule, run, ran)) {
                String key = a.fingerprint();
                Alert before = byGroupAndSeries.get(key);
                if (before == null || a.severity().ordinal() > before.severity().ordinal()) {
                    byGroupAndSeries.put(key, a);
                }
            }
        }
        alerts.addAll(byGroupAndSeries.values());
        return alerts;
    }

    /** The alerts of one rule: one per series (check and labels) of this run that is firing now. */
    private List<Alert> fire(RuleConfig rule, RunResult run, Set<String> ran) {
        Instant now = run.finishedAt();
        Instant since = now.minus(rule.forDuration()).minus(rule.keepFiringFor()).minus(LOOKBACK_MARGIN);
        Map<String, List<RunHistory.Point>> series = new TreeMap<>();
        for (RunHistory.Point p : history.series(run.system(), rule.when().metric(), since)) {
            boolean inThisRun = rule.when().metric().equals(RuleConfig.HEALTH_SCORE_METRIC) || ran.contains(p.check());
            if (inThisRun && rule.when().matches(p.check(), p.labels())) {
                series.computeIfAbsent(p.check() + " " + p.labels(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Alert> out = new ArrayList<>();
        for (List<RunHistory.Point> points : series.values()) {
            points.sort(Comparator.comparing(RunHistory.Point::at));
            RunHistory.Point firingPoint = firing(points, rule, now);
            if (firingPoint == null) {
                continue;
            }
            RunHistory.Point last = points.get(points.size() - 1);
            String subject = subject(last, run.system());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("rule", rule.name());
            evidence.put("when", rule.when().text());
            evidence.put("value", last.value());
            evidence.put("for", Units.formatDuration(rule.forDuration()));
            evidence.put("labels", last.labels().toString());
            String message = String.format(Locale.ROOT, "%s (%s: %s is %s)", rule.message(), rule.name(), rule.when().metric(), fmt(last.value()));
            out.add(new Alert(rule.groupOrName(), Alert.Kind.RULE, last.check(), subject, rule.severity(), rule.priority(), message, evidence));
        }
        return out;
    }

    /**
     * The latest point at which the rule fired, if that is within {@code keep_firing_for} of now (or is the
     * newest point); a point fires when the condition has held on every point since the start of its streak,
     * and the streak is at least {@code for} long.
     */
    static RunHistory.Point firing(List<RunHistory.Point> points, RuleConfig rule, Instant now) {
        Instant streakStart = null;
        RunHistory.Point lastFiring = null;
        for (RunHistory.Point p : points) {
            if (!rule.when().threshold().holds(p.value())) {
                streakStart = null;
                continue;
            }
            if (streakStart == null) {
                streakStart = p.at();
            }
            if (Duration.between(streakStart, p.at()).compareTo(rule.forDuration()) >= 0) {
                lastFiring = p;
            }
        }
        if (lastFiring == null) {
            return null;
        }
        RunHistory.Point newest = points.get(points.size() - 1);
        boolean current = lastFiring == newest;
        boolean kept = Duration.between(lastFiring.at(), now).compareTo(rule.keepFiringFor()) <= 0;
        return current || (!rule.keepFiringFor().isZero() && kept) ? lastFiring : null;
    }

    private static String subject(RunHistory.Point p, String system) {
        if (p.check().equals(RuleConfig.SYSTEM_CHECK)) {
            return system;
        }
        Map<String, String> labels = new TreeMap<>(p.labels());
        labels.remove("check");
        if (labels.isEmpty()) {
            return p.check();
        }
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
