package dev.caretaker.rule;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.config.Units;
import dev.caretaker.history.RunHistory;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Turns a run into alerts: every finding is one, and every rule whose condition has held for its {@code for}
 * (judged on the stored history, so across separate runs) is one until it has not held for
 * {@code keep_firing_for}. Rules of one group give one alert per series, at the highest severity firing.
 * <p>
 * The history is not read run by run: each rule keeps a {@link SeriesState} per series (check and labels), updated with
 * the run's own points in the run's transaction, and judges from it exactly as {@link #firing} judges the points of its
 * look-back. It reads the history only for a check the rule has not judged yet (start-up, a new rule or check, a changed
 * definition), and only for that check, or when a state alone cannot tell (a point recorded out of order, a gap longer
 * than the margin in a firing streak); a rule whose metric the run did not measure reads no history at all.
 */
public final class RuleEvaluator {
    /** History older than the longest {@code for + keep_firing_for} plus this is not read. */
    static final Duration LOOKBACK_MARGIN = Duration.ofHours(1);

    /** History reads by store database: what a test counts to tell a run judged from states from one that read history. */
    private static final Map<String, LongAdder> HISTORY_READS = new ConcurrentHashMap<>();

    private final RunHistory history;

    public RuleEvaluator(RunHistory history) {
        this.history = history;
    }

    /** The alerts of a stored run, in a transaction of its own. */
    public List<Alert> evaluate(RunResult run, List<RuleConfig> rules) {
        return history.inTransaction(h -> evaluate(h, run, rules));
    }

    /** The alerts of a stored run, in the transaction that stored it: the rules' states are written with the run, or not at all. */
    public List<Alert> evaluate(Handle h, RunResult run, List<RuleConfig> rules) {
        List<Alert> alerts = new ArrayList<>();
        for (CheckResult r : run.results()) {
            for (Finding f : r.findings()) {
                alerts.add(new Alert(f.code(), Alert.Kind.FINDING, r.name(), f.subject(), f.severity(), null, f.message(), f.evidence()));
            }
        }
        if (rules.isEmpty()) {
            return alerts;
        }
        List<String> ran = run.results().stream().map(CheckResult::name).distinct().toList();
        Map<String, String> definitions = new LinkedHashMap<>();
        rules.forEach(r -> definitions.put(r.name(), definition(r)));
        List<String> subjects = new ArrayList<>(ran);
        subjects.add(RuleConfig.SYSTEM_CHECK);
        RuleStates states = new RuleStates(h, run.system(), definitions, subjects);
        Map<String, Alert> byGroupAndSeries = new LinkedHashMap<>();
        for (RuleConfig rule : rules) {
            for (Alert a : fire(h, rule, run, ran, states)) {
                String key = a.fingerprint();
                Alert before = byGroupAndSeries.get(key);
                if (before == null || a.severity().ordinal() > before.severity().ordinal()) {
                    byGroupAndSeries.put(key, a);
                }
            }
        }
        states.store();
        alerts.addAll(byGroupAndSeries.values());
        return alerts;
    }

    /** What a rule's states were made with: a state of another definition says nothing of this one. */
    static String definition(RuleConfig rule) {
        return rule.when().text() + " for " + rule.forDuration() + " keep_firing_for " + rule.keepFiringFor() + " margin " + LOOKBACK_MARGIN;
    }

    /** The alerts of one rule: one per series (check and labels) of this run's checks that is firing now, in series order. */
    private List<Alert> fire(Handle h, RuleConfig rule, RunResult run, List<String> ran, RuleStates states) {
        Instant now = run.finishedAt();
        Instant since = RunHistory.atStorePrecision(now.minus(rule.forDuration()).minus(rule.keepFiringFor()).minus(LOOKBACK_MARGIN));
        String definition = definition(rule);
        Map<String, Map<Map<String, String>, List<RunHistory.Point>>> measured = points(rule, run);
        boolean health = rule.when().metric().equals(RuleConfig.HEALTH_SCORE_METRIC);
        Map<String, Alert> out = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (String check : health ? List.of(RuleConfig.SYSTEM_CHECK) : ran) {
            if (!definition.equals(states.definition(rule.name(), check))) {
                if (!measured.isEmpty()) {
                    unknown.add(check); // a check the rule meets for the first time: its history, once
                }
                continue;
            }
            Map<Map<String, String>, SeriesState> next = advance(states.of(rule.name(), check), measured.getOrDefault(check, Map.of()), rule);
            if (next == null || !judge(rule, check, next, measured.getOrDefault(check, Map.of()), now, since, run.system(), states, out)) {
                unknown.add(check);
            }
        }
        if (!unknown.isEmpty()) {
            fromHistory(h, rule, run.system(), unknown, now, since, definition, states, out);
        }
        return List.copyOf(out.values());
    }

    /** This run's points of the rule's metric that the rule's labels match, by check and labels, as the store keeps them. */
    private static Map<String, Map<Map<String, String>, List<RunHistory.Point>>> points(RuleConfig rule, RunResult run) {
        Instant at = RunHistory.atStorePrecision(run.finishedAt());
        Map<String, Map<Map<String, String>, List<RunHistory.Point>>> out = new HashMap<>();
        if (rule.when().metric().equals(RuleConfig.HEALTH_SCORE_METRIC)) {
            if (rule.when().matches(RuleConfig.SYSTEM_CHECK, Map.of())) {
                out.put(RuleConfig.SYSTEM_CHECK, Map.of(new TreeMap<>(), List.of(new RunHistory.Point(at, RuleConfig.SYSTEM_CHECK, new TreeMap<>(),
                        run.systemHealth()))));
            }
            return out;
        }
        for (CheckResult r : run.results()) {
            for (Measurement m : r.measurements()) {
                if (m.metric().equals(rule.when().metric()) && rule.when().matches(r.name(), m.labels())) {
                    Map<String, String> labels = new TreeMap<>(m.labels());
                    out.computeIfAbsent(r.name(), k -> new HashMap<>()).computeIfAbsent(labels, k -> new ArrayList<>())
                            .add(new RunHistory.Point(at, r.name(), labels, m.value()));
                }
            }
        }
        return out;
    }

    /** The states after this run's points; null when a point is not newer than its series' state (recorded out of order). */
    private static Map<Map<String, String>, SeriesState> advance(Map<Map<String, String>, SeriesState> known,
                                                               Map<Map<String, String>, List<RunHistory.Point>> points, RuleConfig rule) {
        Map<Map<String, String>, SeriesState> next = new HashMap<>(known);
        for (Map.Entry<Map<String, String>, List<RunHistory.Point>> e : points.entrySet()) {
            SeriesState s = known.get(e.getKey());
            if (s != null && !e.getValue().get(0).at().isAfter(s.lastAt())) {
                return null;
            }
            for (RunHistory.Point p : e.getValue()) {
                s = SeriesState.fold(s, e.getKey(), p.at(), p.value(), rule);
            }
            next.put(e.getKey(), s);
        }
        return next;
    }

    /**
     * Judges a check's series from their states, adding the firing ones to {@code out} and their changes to
     * {@code states}; false (and nothing added) when a state cannot tell.
     */
    private static boolean judge(RuleConfig rule, String check, Map<Map<String, String>, SeriesState> next,
                                 Map<Map<String, String>, List<RunHistory.Point>> measured, Instant now, Instant since, String system,
                                 RuleStates states, Map<String, Alert> out) {
        Map<String, Alert> firing = new HashMap<>();
        for (SeriesState s : next.values()) {
            SeriesState.Verdict v = s.judge(rule, now, since);
            if (v == SeriesState.Verdict.UNSURE) {
                return false;
            }
            if (v == SeriesState.Verdict.FIRING) {
                RunHistory.Point last = new RunHistory.Point(s.lastAt(), check, s.labels(), s.lastValue());
                firing.put(check + " " + s.labels(), alert(rule, last, system));
            }
        }
        out.putAll(firing);
        for (SeriesState s : next.values()) {
            if (measured.containsKey(s.labels())) {
                states.write(rule.name(), check, s);
            } else if (s.lastAt().isBefore(since)) {
                states.forget(rule.name(), check, s);
            }
        }
        return true;
    }

    /** Judges {@code checks} from their history since {@code since}, as before states were kept, and keeps their states from it. */
    private void fromHistory(Handle h, RuleConfig rule, String system, List<String> checks, Instant now, Instant since, String definition,
                             RuleStates states, Map<String, Alert> out) {
        Map<String, List<RunHistory.Point>> series = new TreeMap<>();
        HISTORY_READS.computeIfAbsent(database(h), k -> new LongAdder()).increment();
        for (RunHistory.Point p : RunHistory.series(h, system, checks, rule.when().metric(), since)) {
            if (rule.when().matches(p.check(), p.labels())) {
                series.computeIfAbsent(p.check() + " " + p.labels(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<SeriesState>> rebuilt = new HashMap<>();
        for (Map.Entry<String, List<RunHistory.Point>> e : series.entrySet()) {
            List<RunHistory.Point> points = e.getValue();
            points.sort(Comparator.comparing(RunHistory.Point::at));
            RunHistory.Point last = points.get(points.size() - 1);
            if (firing(points, rule, now) != null) {
                out.put(e.getKey(), alert(rule, last, system));
            }
            SeriesState s = null;
            for (RunHistory.Point p : points) {
                s = SeriesState.fold(s, new TreeMap<>(p.labels()), p.at(), p.value(), rule);
            }
            rebuilt.computeIfAbsent(last.check(), k -> new ArrayList<>()).add(s);
        }
        for (String check : checks) {
            states.replace(rule.name(), check, definition, rebuilt.getOrDefault(check, List.of()));
        }
    }

    /** How many times rules have read history from the store database {@code database} in this process. */
    static long historyReads(String database) {
        LongAdder reads = HISTORY_READS.get(database);
        return reads == null ? 0 : reads.sum();
    }

    private static String database(Handle h) {
        try {
            return h.getConnection().getCatalog();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alert of a series firing now, told by its newest point. */
    private static Alert alert(RuleConfig rule, RunHistory.Point last, String system) {
        String subject = subject(last, system);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rule", rule.name());
        evidence.put("when", rule.when().text());
        evidence.put("value", last.value());
        evidence.put("for", Units.formatDuration(rule.forDuration()));
        evidence.put("labels", last.labels().toString());
        String message = String.format(Locale.ROOT, "%s (%s: %s is %s)", rule.message(), rule.name(), rule.when().metric(), fmt(last.value()));
        return new Alert(rule.groupOrName(), Alert.Kind.RULE, last.check(), subject, rule.severity(), rule.priority(), message, evidence);
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
