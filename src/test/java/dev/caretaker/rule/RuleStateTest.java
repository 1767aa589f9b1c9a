package dev.caretaker.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.MetricCondition;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import dev.caretaker.engine.Engine;
import dev.caretaker.history.RunHistory;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rules judged from the states they keep give exactly the alerts the stored history gave (the evaluation as it was before
 * states, kept here as the reference), and read no history for a series that has a state.
 */
@ExtendWith(TestDatabases.class)
class RuleStateTest {
    static final String SYSTEM = "shop";
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    private static RuleConfig rule(String name, String when, Duration forDuration, Duration keep, Severity severity, String group) {
        return new RuleConfig(name, MetricCondition.parse(when), forDuration, keep, severity, null, name + " holds", group, true);
    }

    private static CheckResult result(String check, Status status, Measurement... measured) {
        return new CheckResult(check, "http", status, 10, null, List.of(measured), List.of());
    }

    /** The rules' reads of history from this test's store so far. */
    private static long historyReads(TestDatabase db) {
        return RuleEvaluator.historyReads(db.name());
    }

    @Test
    void for_and_keep_firing_for_across_many_runs_give_the_historys_alerts_and_read_no_history_once_each_series_has_a_state(TestDatabase db, Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        List<RuleConfig> rules = List.of(
                rule("crm-slow", "http.latency_ms{check=\"crm\"} > 2000", Duration.ofMinutes(10), Duration.ofMinutes(5), Severity.CRITICAL, "latency"),
                rule("any-slow", "http.latency_ms > 1500", Duration.ZERO, Duration.ZERO, Severity.WARNING, "latency"),
                rule("busy", "postgres.connection_usage_percent > 80", Duration.ofMinutes(30), Duration.ofMinutes(10), Severity.WARNING, null),
                rule("health-low", RuleConfig.HEALTH_SCORE_METRIC + " < 90", Duration.ofMinutes(4), Duration.ofMinutes(2), Severity.WARNING, null));
        List<RunResult> runs = new ArrayList<>();
        List<List<Alert>> alerts = new ArrayList<>();
        long readsAfterFirst = 0;
        for (int i = 0; i < 80; i++) {
            Instant at = T0.plus(Duration.ofMinutes(2L * i));
            double crm = i >= 5 && i < 20 && i != 12 || i >= 40 && i < 47 ? 2500 : 300; // two slow spells, one broken by a fast run
            double api = i % 9 == 0 ? 1800 : 200;
            double a = i >= 10 && i < 45 ? 85 : 40; // database a busy for 70 minutes, then calm
            double b = i >= 30 && i < 38 ? 90 : 20;
            RunResult run = history.save(RunResult.of(SYSTEM, "watch", at.minusSeconds(5), at, List.of(
                    result("crm", crm > 2000 ? Status.WARNING : Status.OK, Measurement.of("http.latency_ms", crm, "check", "crm")),
                    result("api", Status.OK, Measurement.of("http.latency_ms", api, "check", "api")),
                    result("db", a > 80 ? Status.CRITICAL : Status.OK, Measurement.of("postgres.connection_usage_percent", a, "database", "a"),
                            Measurement.of("postgres.connection_usage_percent", b, "database", "b")))), List.of("crm", "api", "db"));
            runs.add(run);
            alerts.add(new RuleEvaluator(history).evaluate(run, rules));
            if (i == 0) {
                readsAfterFirst = historyReads(db);
            }
        }
        assertThat(readsAfterFirst).as("the first run meets every check and the system: their history, once").isPositive();
        assertThat(historyReads(db)).as("79 more runs: every series judged from its state").isEqualTo(readsAfterFirst);
        for (int i = 0; i < runs.size(); i++) {
            assertThat(alerts.get(i)).as("run %d", i).isEqualTo(fromHistory(history, runs.get(i), rules, runs.get(i).finishedAt()));
        }
        assertThat(subjects(alerts.get(9))).as("crm slow since run 5, 10 minutes at run 10 only").doesNotContain("latency crm critical");
        assertThat(subjects(alerts.get(10))).contains("latency crm critical");
        assertThat(subjects(alerts.get(12))).as("one fast run: kept firing for 5 minutes").contains("latency crm critical");
        assertThat(subjects(alerts.get(13))).as("still within 5 minutes of the last firing run").contains("latency crm critical");
        assertThat(subjects(alerts.get(14))).as("6 minutes after it, and the new streak is 4 minutes old").doesNotContain("latency crm critical");
        assertThat(subjects(alerts.get(45))).as("database a calm at run 45, kept firing for 10 minutes").contains("busy database=a warning");
        assertThat(subjects(alerts.get(49))).as("10 minutes after").contains("busy database=a warning");
        assertThat(subjects(alerts.get(50))).as("12 minutes after").doesNotContain("busy database=a warning");
        assertThat(alerts.stream().flatMap(List::stream).map(Alert::source)).contains("latency", "busy", "health-low");
    }

    @Test
    void a_state_survives_a_restart_and_the_next_engine_continues_the_streak_without_reading_history(TestDatabase db) {
        CaretakerConfig config = db.config("""
                system: shop
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - name: crm-slow
                    when: http.latency_ms{check="crm"} > 2000
                    for: 10m
                    severity: critical
                    message: CRM answers slowly
                  - {name: health-score-low, enabled: false}
                  - {name: response-time, enabled: false}
                  - {name: response-time-critical, enabled: false}
                  - {name: api-response-time, enabled: false}
                """);
        SettableClock clock = new SettableClock(T0);
        CheckResult slow = new CheckResult("crm", "http", Status.OK, 10, null, List.of(Measurement.of("http.latency_ms", 2500, "check", "crm")),
                List.of());
        try (Store store = db.store()) {
            Engine first = Pipeline.engine(store, config, clock).sleeper(d -> { }).build();
            for (int i = 0; i < 2; i++) {
                assertThat(first.record(RunResult.of("shop", "watch", clock.instant().minusSeconds(3), clock.instant(), List.of(slow)), false)
                        .alerts()).as("slow for %d minutes", 5 * i).isEmpty();
                clock.advance(Duration.ofMinutes(5));
            }
        }
        long before = historyReads(db);
        try (Store store = db.store()) { // a new process: a new store and a new engine
            Engine next = Pipeline.engine(store, config, clock).sleeper(d -> { }).build();
            RunOutcome o = next.record(RunResult.of("shop", "watch", clock.instant().minusSeconds(3), clock.instant(), List.of(slow)), false);
            assertThat(o.alerts()).extracting(Alert::source, Alert::check).containsExactly(org.assertj.core.groups.Tuple.tuple("crm-slow", "crm"));
        }
        assertThat(historyReads(db)).as("the streak went on from the stored state").isEqualTo(before);
        assertThat(db.number("SELECT extract(epoch FROM streak_start)::bigint FROM caretaker.rule_state WHERE rule = 'crm-slow'"))
                .isEqualTo(T0.getEpochSecond());
    }

    @Test
    void judged_from_states_the_alerts_equal_the_historys_whatever_the_gaps_the_order_and_the_series(TestDatabase db, Store store) {
        RunHistory history = new RunHistory(store.jdbi());
        List<RuleConfig> rules = List.of(
                rule("high", "probe.value > 50", Duration.ofMinutes(5), Duration.ofMinutes(3), Severity.WARNING, "level"),
                rule("very-high", "probe.value > 70", Duration.ZERO, Duration.ofMinutes(10), Severity.CRITICAL, "level"),
                rule("low-x", "probe.value{series=\"x\"} < 20", Duration.ofMinutes(20), Duration.ZERO, Severity.WARNING, null),
                rule("health-low", RuleConfig.HEALTH_SCORE_METRIC + " < 80", Duration.ofMinutes(4), Duration.ofMinutes(2), Severity.WARNING, null));
        Random random = new Random(18);
        Map<String, Double> level = new TreeMap<>(Map.of("a x", 50.0, "a y", 50.0, "b x", 50.0, "b y", 50.0));
        Instant latest = T0;
        int firing = 0;
        for (int i = 0; i < 200; i++) {
            double dice = random.nextDouble();
            // a run stored after a later one (off the whole seconds of the others: two points of a series at one moment have
            // no order, then or now)
            Instant at = dice < 0.08 ? latest.minusSeconds(30 + random.nextInt(600)).minusNanos(1000L * (1 + random.nextInt(999_999)))
                    : dice < 0.16 ? latest.plus(Duration.ofMinutes(61 + random.nextInt(120))) // a gap longer than the margin
                    : latest.plus(Duration.ofSeconds(30 + random.nextInt(240)));
            latest = at.isAfter(latest) ? at : latest;
            List<CheckResult> results = new ArrayList<>();
            for (String check : List.of("a", "b")) {
                if (random.nextDouble() < 0.15) {
                    continue; // the check is not in this run
                }
                List<Measurement> measured = new ArrayList<>();
                for (String series : List.of("x", "y")) {
                    String key = check + " " + series;
                    level.put(key, Math.max(0, Math.min(100, level.get(key) + random.nextGaussian() * 18)));
                    if (random.nextDouble() < 0.85) {
                        measured.add(Measurement.of("probe.value", Math.rint(level.get(key)), "series", series));
                    }
                }
                Status status = measured.stream().anyMatch(m -> m.value() > 70) ? Status.CRITICAL : Status.OK;
                results.add(result(check, status, measured.toArray(Measurement[]::new)));
            }
            RunResult run = history.save(RunResult.of(SYSTEM, "watch", at.minusSeconds(5), at, results), List.of("a", "b"));
            List<Alert> expected = fromHistory(history, run, rules, null);
            List<Alert> actual = new RuleEvaluator(history).evaluate(run, rules);
            assertThat(actual).as("run %d at %s", i, at).isEqualTo(expected);
            firing += actual.size();
        }
        assertThat(firing).as("the runs fired alerts to compare").isGreaterThan(50);
        long reads = historyReads(db);
        assertThat(reads).as("gaps and late runs read a check's history; most runs judge from the states").isPositive()
                .isLessThan(200 * rules.size() / 3);
    }

    private static List<String> subjects(List<Alert> alerts) {
        return alerts.stream().map(a -> a.source() + " " + a.subject() + " " + a.severity().label()).toList();
    }

    /**
     * The alerts of a stored run as rules gave them before they kept states: from the whole look-back of the history read
     * for every rule (up to {@code upTo} when not null, to judge an earlier run after later ones were stored).
     */
    static List<Alert> fromHistory(RunHistory history, RunResult run, List<RuleConfig> rules, Instant upTo) {
        List<Alert> alerts = new ArrayList<>();
        for (CheckResult r : run.results()) {
            for (Finding f : r.findings()) {
                alerts.add(new Alert(f.code(), Alert.Kind.FINDING, r.name(), f.subject(), f.severity(), null, f.message(), f.evidence()));
            }
        }
        Set<String> ran = run.results().stream().map(CheckResult::name).collect(Collectors.toSet());
        Map<String, Alert> byGroupAndSeries = new LinkedHashMap<>();
        for (RuleConfig rule : rules) {
            Instant now = run.finishedAt();
            Instant since = now.minus(rule.forDuration()).minus(rule.keepFiringFor()).minus(RuleEvaluator.LOOKBACK_MARGIN);
            Map<String, List<RunHistory.Point>> series = new TreeMap<>();
            for (RunHistory.Point p : history.series(run.system(), rule.when().metric(), since)) {
                boolean inThisRun = rule.when().metric().equals(RuleConfig.HEALTH_SCORE_METRIC) || ran.contains(p.check());
                if (inThisRun && rule.when().matches(p.check(), p.labels()) && (upTo == null || !p.at().isAfter(upTo))) {
                    series.computeIfAbsent(p.check() + " " + p.labels(), k -> new ArrayList<>()).add(p);
                }
            }
            for (List<RunHistory.Point> points : series.values()) {
                points.sort(Comparator.comparing(RunHistory.Point::at));
                if (RuleEvaluator.firing(points, rule, now) == null) {
                    continue;
                }
                RunHistory.Point last = points.get(points.size() - 1);
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("rule", rule.name());
                evidence.put("when", rule.when().text());
                evidence.put("value", last.value());
                evidence.put("for", Units.formatDuration(rule.forDuration()));
                evidence.put("labels", last.labels().toString());
                String subject = last.check().equals(RuleConfig.SYSTEM_CHECK) ? run.system() : subject(last.labels(), last.check());
                double v = last.value();
                String message = String.format(Locale.ROOT, "%s (%s: %s is %s)", rule.message(), rule.name(), rule.when().metric(),
                        v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v));
                Alert a = new Alert(rule.groupOrName(), Alert.Kind.RULE, last.check(), subject, rule.severity(), rule.priority(), message, evidence);
                Alert before = byGroupAndSeries.get(a.fingerprint());
                if (before == null || a.severity().ordinal() > before.severity().ordinal()) {
                    byGroupAndSeries.put(a.fingerprint(), a);
                }
            }
        }
        alerts.addAll(byGroupAndSeries.values());
        return alerts;
    }

    private static String subject(Map<String, String> labels, String check) {
        Map<String, String> rest = new TreeMap<>(labels);
        rest.remove("check");
        return rest.isEmpty() ? check : rest.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
