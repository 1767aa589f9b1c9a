package dev.caretaker.review;

import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.LongView;
import dev.caretaker.history.PeriodStats;
import dev.caretaker.history.Rollups;
import dev.caretaker.report.Chart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Manual 003's weekly performance trends: per check and key metric, this period's mean and p95 against the previous
 * period's and the four weeks before it (the baseline); each check's success rate; charts of the series that moved most;
 * and recommendations that name the metric and the threshold.
 */
final class TrendsReview {
    /** The series a trends report follows: what says whether the app got slower, less reliable or bigger. */
    static final Set<String> KEY_METRICS = Set.of("http.latency_ms", "http.up", "jobs.success_rate_percent", "jobs.duration_p95_seconds", "jobs.runs",
            "errors.count", "errors.rate_percent", "errors.requests", "postgres.database_bytes", "postgres.connection_usage_percent",
            "postgres.cache_hit_percent", "postgres.slow_queries", "postgres.longest_transaction_seconds", "backup.size_bytes",
            "heartbeat.duration_seconds", "security.login_bursts");
    /** Series where a fall is the bad news. */
    static final Set<String> HIGHER_IS_BETTER = Set.of("http.up", "jobs.success_rate_percent", "postgres.cache_hit_percent", "heartbeat.up");
    /** Series that only grow, judged by how much rather than by their level. */
    static final Set<String> GROWTH = Set.of("postgres.database_bytes", "backup.size_bytes");
    /** A change this large (in the bad direction) gets a recommendation. */
    static final double WORSE = 0.20;
    static final int CHARTS = 8;
    static final Duration BASELINE = Duration.ofDays(28);

    private TrendsReview() {
    }

    /** The figures of one series in two periods and the baseline. */
    record Series(String check, String metric, Map<String, String> labels, Stats now, Stats before, double baseline) {
        String key() {
            return check + " " + Fmt.series(metric, labels);
        }

        /** The relative change of the mean, or of the growth for a growing series; positive is worse. */
        double worse() {
            if (GROWTH.contains(metric)) {
                return now.growth() > 0 && before.growth() > 0 ? (now.growth() - before.growth()) / before.growth() : 0;
            }
            if (Double.isNaN(now.mean()) || Double.isNaN(before.mean()) || before.mean() == 0) {
                return 0;
            }
            double change = (now.p95() - before.p95()) / Math.abs(before.p95());
            double mean = (now.mean() - before.mean()) / Math.abs(before.mean());
            double c = Math.abs(change) > Math.abs(mean) ? change : mean;
            return HIGHER_IS_BETTER.contains(metric) ? -c : c;
        }
    }

    record Stats(double mean, double p95, long count, double first, double last) {
        static final Stats NONE = new Stats(Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);

        double growth() {
            return count < 2 ? Double.NaN : last - first;
        }
    }

    static Review make(Context c) {
        List<String> scope = c.report().checksOf(c.config());
        Set<String> followed = new java.util.HashSet<>(KEY_METRICS);
        c.config().baselines().forEach(b -> followed.add(b.metric()));
        scope.forEach(name -> dev.caretaker.config.Metrics.of(c.config().checks().get(name)).stream().map(m -> m.name())
                .filter(m -> m.startsWith("sql.")).forEach(followed::add));
        Instant prevFrom = c.range().previous().from();
        Map<List<Object>, Stats[]> stats = new LinkedHashMap<>();
        // one pass over the raw measurements of both periods: mean, p95, first and last per series and period
        for (PeriodStats.SeriesStats x : c.sources().stats().series(scope, followed, GROWTH, prevFrom, c.range().from(), c.range().to())) {
            stats.computeIfAbsent(List.of(x.check(), x.metric(), x.labels()), k -> new Stats[] {Stats.NONE, Stats.NONE})[x.current() ? 0 : 1] =
                    new Stats(x.mean(), x.p95(), x.count(), x.first(), x.last());
        }
        Map<List<Object>, Double> baseline = new HashMap<>();
        c.sources().stats().means(scope, followed, c.range().from().minus(BASELINE), c.range().from())
                .forEach(m -> baseline.put(List.of(m.check(), m.metric(), m.labels()), m.mean()));
        List<Series> series = new ArrayList<>();
        stats.forEach((key, s) -> {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) key.get(2);
            series.add(new Series((String) key.get(0), (String) key.get(1), labels, s[0], s[1], baseline.getOrDefault(key, Double.NaN)));
        });
        series.sort(Comparator.comparing(Series::check).thenComparing(Series::metric).thenComparing(x -> x.labels().toString()));
        series.removeIf(s -> s.now().count() == 0);

        List<Review.Row> rows = new ArrayList<>();
        for (Series s : series) {
            boolean growth = GROWTH.contains(s.metric());
            double w = s.worse();
            String state = w >= WORSE ? "warn" : null;
            rows.add(new Review.Row(List.of(s.check(), Fmt.series(s.metric(), s.labels()), Fmt.value(s.metric(), s.now().mean()),
                    Fmt.value(s.metric(), s.now().p95()), Fmt.value(s.metric(), s.before().mean()), Fmt.value(s.metric(), s.before().p95()),
                    growth ? "grew " + Fmt.value(s.metric(), s.now().growth()) : Fmt.change(s.before().mean(), s.now().mean()),
                    Fmt.value(s.metric(), s.baseline())), state, null));
        }
        List<Review.Row> availability = availability(c, scope, prevFrom);
        List<String> advice = recommendations(c, series, availability);
        List<Chart> charts = charts(c, series);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("series", series.size());
        figures.put("worse", series.stream().filter(s -> s.worse() >= WORSE).count());
        figures.put("recommendations", advice.size());
        figures.put("verdict", series.stream().filter(s -> s.worse() >= WORSE).count() + " series worse by 20 % or more");
        List<Review.Section> sections = List.of(
                new Review.Section("Key metrics: this period against the previous one", "Mean and p95 of every measurement in the period; "
                        + "baseline is the mean of the " + BASELINE.toDays() + " days before the period. Rows marked WARN got worse by "
                        + Math.round(WORSE * 100) + " % or more.",
                        List.of("check", "series", "mean", "p95", "mean before", "p95 before", "change", "baseline"), rows, charts, List.of()),
                new Review.Section("Success rates", "", List.of("check", "runs", "ok", "ok before", "runs before"), availability, List.of(), List.of()),
                new Review.Section("Recommendations", advice.isEmpty() ? "Nothing got worse by " + Math.round(WORSE * 100)
                        + " % or more, no check's success rate fell: nothing to do." : "", List.of(), List.of(), List.of(), advice));
        return new Review(c.report().name(), c.report().type(), c.system(), "Performance trends of " + c.system(), c.range().from(), c.range().to(),
                c.now(), c.zone().getId(), figures, sections);
    }

    private static List<Review.Row> availability(Context c, List<String> scope, Instant prevFrom) {
        return c.sources().stats().availability(scope, prevFrom, c.range().from(), c.range().to()).stream().map(a -> {
            boolean fell = a.runs() > 0 && a.runsBefore() > 0 && a.ok() * 100.0 / a.runs() < a.okBefore() * 100.0 / a.runsBefore() - 2;
            return new Review.Row(List.of(a.check(), String.valueOf(a.runs()), SummaryReview.percent(a.ok(), a.runs()),
                    SummaryReview.percent(a.okBefore(), a.runsBefore()), String.valueOf(a.runsBefore())), fell ? "warn" : null, null);
        }).toList();
    }

    /** Advice that names the metric and the threshold: a rule's, or one to set. */
    static List<String> recommendations(Context c, List<Series> series, List<Review.Row> availability) {
        List<String> out = new ArrayList<>();
        List<Series> worse = series.stream().filter(s -> s.worse() >= WORSE).sorted(Comparator.comparingDouble(Series::worse).reversed()).toList();
        for (Series s : worse) {
            String name = s.metric() + "{check=\"" + s.check() + "\"}";
            if (GROWTH.contains(s.metric())) {
                String limit = "";
                if (s.metric().equals("postgres.database_bytes") && c.config().checks().get(s.check()) instanceof PostgresCheckConfig pc) {
                    var max = pc.thresholds().optionalSize("database_size.max");
                    limit = max.isPresent() ? " The check's database_size.max is " + Fmt.value(s.metric(), max.getAsLong()) + "; see the capacity report "
                            + "for when it is reached." : " Set thresholds.database_size.max on check " + s.check() + " so capacity.forecast can warn "
                            + "before the disk fills.";
                }
                out.add(name + " grew " + Fmt.value(s.metric(), s.now().growth()) + " this period against " + Fmt.value(s.metric(), s.before().growth())
                        + " the one before (" + Fmt.change(s.before().growth(), s.now().growth()) + ")." + limit);
                continue;
            }
            boolean down = HIGHER_IS_BETTER.contains(s.metric());
            StringBuilder line = new StringBuilder(name).append(": ").append(down ? "fell" : "rose").append(' ')
                    .append(Fmt.change(s.before().p95(), s.now().p95())).append(" at p95 (").append(Fmt.value(s.metric(), s.before().p95())).append(" → ")
                    .append(Fmt.value(s.metric(), s.now().p95())).append("), mean ").append(Fmt.value(s.metric(), s.before().mean())).append(" → ")
                    .append(Fmt.value(s.metric(), s.now().mean()));
            if (!Double.isNaN(s.baseline())) {
                line.append("; the 4-week baseline was ").append(Fmt.value(s.metric(), s.baseline()));
            }
            line.append(". ");
            List<RuleConfig> rules = c.config().rules().stream().filter(r -> r.when().metric().equals(s.metric())
                    && r.when().matches(s.check(), s.labels())).toList();
            if (!rules.isEmpty()) {
                RuleConfig r = rules.get(0);
                double threshold = r.when().threshold().value();
                line.append("Rule ").append(r.name()).append(" fires at ").append(r.when().threshold().text()).append("; p95 is at ")
                        .append(Math.round(s.now().p95() / threshold * 100)).append(" % of it.");
            } else {
                double suggested = down ? s.now().p95() * 0.9 : s.now().p95() * 1.5;
                line.append("No rule watches it: add when: ").append(s.metric()).append("{check=\"").append(s.check()).append("\"} ")
                        .append(down ? "< " : "> ").append(Renderer.number(suggested)).append(down ? "" : " (1.5 × this p95)")
                        .append(c.config().baselines().stream().anyMatch(b -> b.covers(s.check(), s.metric())) ? "."
                                : ", or a baselines: entry for it so a change is flagged as it happens.");
            }
            if (s.metric().equals("postgres.cache_hit_percent")) {
                line.append(" A falling cache hit ratio means more reads from disk: look at the statements that read most, or raise shared_buffers.");
            }
            out.add(line.toString());
        }
        for (Review.Row a : availability) {
            if ("warn".equals(a.state())) {
                out.add("check " + a.cells().get(0) + ": ok in " + a.cells().get(2) + " of runs against " + a.cells().get(3)
                        + " the period before; its findings are in the summary report and on the check's page.");
            }
        }
        return out;
    }

    private static List<Chart> charts(Context c, List<Series> series) {
        List<Series> moved = series.stream().filter(s -> !GROWTH.contains(s.metric()) || s.now().growth() > 0)
                .sorted(Comparator.comparingDouble((Series s) -> -Math.abs(s.worse()))).limit(CHARTS).toList();
        List<Chart> out = new ArrayList<>();
        Duration shift = c.range().length();
        CheckSeries rollups = c.sources().series();
        for (Series s : moved) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            List<Chart.Point> now = points(rollups.rolled(c.system(), s.check(), s.metric(), Rollups.Resolution.HOUR,
                    Duration.ofHours(1), c.range().from(), c.range().to()), labels, Duration.ZERO);
            List<Chart.Point> before = points(rollups.rolled(c.system(), s.check(), s.metric(), Rollups.Resolution.HOUR,
                    Duration.ofHours(1), c.range().previous().from(), c.range().from()), labels, shift);
            Map<String, String> bandLabels = new TreeMap<>(labels);
            bandLabels.put("metric", s.metric());
            List<Chart.Point> low = points(rollups.rolled(c.system(), s.check(), LongView.BAND_METRICS.get(0), Rollups.Resolution.HOUR,
                    Duration.ofHours(1), c.range().from(), c.range().to()), bandLabels, Duration.ZERO);
            List<Chart.Point> high = points(rollups.rolled(c.system(), s.check(), LongView.BAND_METRICS.get(2), Rollups.Resolution.HOUR,
                    Duration.ofHours(1), c.range().from(), c.range().to()), bandLabels, Duration.ZERO);
            List<Chart.Line> lines = new ArrayList<>();
            lines.add(new Chart.Line("this period", now, false));
            if (!before.isEmpty()) {
                lines.add(new Chart.Line("period before", before, true));
            }
            out.add(new Chart(s.key(), CapacityReview.unit(s.metric()), lines, Chart.Band.of(low, high), null));
        }
        return out;
    }

    private static List<Chart.Point> points(List<Rollups.Bucket> buckets, Map<String, String> labels, Duration shift) {
        return Charts.thin(buckets.stream().filter(b -> new TreeMap<>(b.labels()).equals(labels))
                .map(b -> new Chart.Point(b.at().plus(shift), b.mean())).toList());
    }

}
