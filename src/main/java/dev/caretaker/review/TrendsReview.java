package dev.caretaker.review;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.RuleConfig;
import dev.caretaker.history.LongView;
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
    private static final ObjectMapper JSON = new ObjectMapper();
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
        Map<String, Stats[]> stats = new TreeMap<>();
        Map<String, String[]> ids = new HashMap<>();
        // one pass over the raw measurements of both periods: mean, p95, first and last per series and period
        c.store().useHandle(h -> h.createQuery("SELECT m.check_name, m.metric, m.labels::text AS labels, m.at >= :from AS current, avg(m.value) AS mean, "
                        + "percentile_cont(0.95) WITHIN GROUP (ORDER BY m.value) AS p95, count(*) AS n FROM measurement m JOIN run r ON r.id = m.run_id "
                        + "WHERE r.system = :system AND m.at >= :prev AND m.at < :to AND m.check_name = ANY(:checks) AND m.metric = ANY(:metrics) "
                        + "GROUP BY 1, 2, 3, 4")
                .bind("system", c.system()).bind("prev", java.sql.Timestamp.from(prevFrom)).bind("from", c.from()).bind("to", c.to())
                .bindArray("checks", String.class, scope).bindArray("metrics", String.class, List.copyOf(followed))
                .map((rs, ctx) -> {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2) + "\u0000" + rs.getString(3);
                    ids.putIfAbsent(key, new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    stats.computeIfAbsent(key, k -> new Stats[] {Stats.NONE, Stats.NONE})[rs.getBoolean(4) ? 0 : 1] =
                            new Stats(rs.getDouble(5), rs.getDouble(6), rs.getLong(7), Double.NaN, Double.NaN);
                    return key;
                }).forEach(k -> { }));
        // the first and last value of each period, for the series judged by how much they grew
        List<String> growing = followed.stream().filter(GROWTH::contains).toList();
        if (!growing.isEmpty()) {
            c.store().useHandle(h -> h.createQuery("SELECT DISTINCT ON (1, 2, 3, 4) check_name, metric, labels, current, first_value(value) OVER w, last_value(value) OVER w FROM ("
                            + "SELECT m.check_name, m.metric, m.labels::text AS labels, m.at >= :from AS current, m.value, m.at FROM measurement m "
                            + "JOIN run r ON r.id = m.run_id WHERE r.system = :system AND m.at >= :prev AND m.at < :to AND m.check_name = ANY(:checks) "
                            + "AND m.metric = ANY(:metrics)) x WINDOW w AS (PARTITION BY check_name, metric, labels, current ORDER BY at "
                            + "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY 1, 2, 3, 4")
                    .bind("system", c.system()).bind("prev", java.sql.Timestamp.from(prevFrom)).bind("from", c.from()).bind("to", c.to())
                    .bindArray("checks", String.class, scope).bindArray("metrics", String.class, growing)
                    .map((rs, ctx) -> {
                        String key = rs.getString(1) + "\u0000" + rs.getString(2) + "\u0000" + rs.getString(3);
                        Stats[] s = stats.get(key);
                        int i = rs.getBoolean(4) ? 0 : 1;
                        if (s != null && s[i].count() > 0) {
                            s[i] = new Stats(s[i].mean(), s[i].p95(), s[i].count(), rs.getDouble(5), rs.getDouble(6));
                        }
                        return key;
                    }).forEach(k -> { }));
        }
        Map<String, Double> baseline = new HashMap<>();
        c.store().useHandle(h -> h.createQuery("SELECT check_name, metric, labels::text, sum(sum) / sum(count) FROM measurement_rollup "
                        + "WHERE system = :system AND resolution = '1h' AND bucket >= :bfrom AND bucket < :from AND check_name = ANY(:checks) "
                        + "AND metric = ANY(:metrics) GROUP BY 1, 2, 3")
                .bind("system", c.system()).bind("bfrom", java.sql.Timestamp.from(c.range().from().minus(BASELINE))).bind("from", c.from())
                .bindArray("checks", String.class, scope).bindArray("metrics", String.class, List.copyOf(followed))
                .map((rs, ctx) -> Map.entry(rs.getString(1) + "\u0000" + rs.getString(2) + "\u0000" + rs.getString(3), rs.getDouble(4)))
                .forEach(e -> baseline.put(e.getKey(), e.getValue())));
        List<Series> series = new ArrayList<>();
        stats.forEach((key, s) -> {
            String[] id = ids.get(key);
            series.add(new Series(id[0], id[1], labels(id[2]), s[0], s[1], baseline.getOrDefault(key, Double.NaN)));
        });
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
        return c.store().withHandle(h -> h.createQuery("SELECT cr.check_name, count(*) FILTER (WHERE r.finished_at >= :from) AS runs, "
                        + "count(*) FILTER (WHERE r.finished_at >= :from AND cr.status = 'ok') AS ok, count(*) FILTER (WHERE r.finished_at < :from) AS runs_before, "
                        + "count(*) FILTER (WHERE r.finished_at < :from AND cr.status = 'ok') AS ok_before FROM check_result cr JOIN run r ON r.id = cr.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :prev AND r.finished_at < :to AND cr.check_name = ANY(:checks) GROUP BY 1 ORDER BY 1")
                .bind("system", c.system()).bind("prev", java.sql.Timestamp.from(prevFrom)).bind("from", c.from()).bind("to", c.to())
                .bindArray("checks", String.class, scope)
                .map((rs, ctx) -> {
                    long runs = rs.getLong("runs");
                    long ok = rs.getLong("ok");
                    long rb = rs.getLong("runs_before");
                    long okb = rs.getLong("ok_before");
                    boolean fell = runs > 0 && rb > 0 && ok * 100.0 / runs < okb * 100.0 / rb - 2;
                    return new Review.Row(List.of(rs.getString(1), String.valueOf(runs), SummaryReview.percent(ok, runs), SummaryReview.percent(okb, rb),
                            String.valueOf(rb)), fell ? "warn" : null, null);
                }).list());
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
        dev.caretaker.history.Rollups rollups = new dev.caretaker.history.Rollups(c.store());
        for (Series s : moved) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            List<Chart.Point> now = points(rollups.series(c.system(), s.check(), s.metric(), dev.caretaker.history.Rollups.Resolution.HOUR,
                    Duration.ofHours(1), c.range().from(), c.range().to()), labels, Duration.ZERO);
            List<Chart.Point> before = points(rollups.series(c.system(), s.check(), s.metric(), dev.caretaker.history.Rollups.Resolution.HOUR,
                    Duration.ofHours(1), c.range().previous().from(), c.range().from()), labels, shift);
            Map<String, String> bandLabels = new TreeMap<>(labels);
            bandLabels.put("metric", s.metric());
            List<Chart.Point> low = points(rollups.series(c.system(), s.check(), LongView.BAND_METRICS.get(0), dev.caretaker.history.Rollups.Resolution.HOUR,
                    Duration.ofHours(1), c.range().from(), c.range().to()), bandLabels, Duration.ZERO);
            List<Chart.Point> high = points(rollups.series(c.system(), s.check(), LongView.BAND_METRICS.get(2), dev.caretaker.history.Rollups.Resolution.HOUR,
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

    private static List<Chart.Point> points(List<dev.caretaker.history.Rollups.Bucket> buckets, Map<String, String> labels, Duration shift) {
        return Charts.thin(buckets.stream().filter(b -> new TreeMap<>(b.labels()).equals(labels))
                .map(b -> new Chart.Point(b.at().plus(shift), b.mean())).toList());
    }

    private static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable labels in the store: " + json, e);
        }
    }
}
