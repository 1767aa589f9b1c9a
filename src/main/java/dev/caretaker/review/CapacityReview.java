package dev.caretaker.review;

import dev.caretaker.config.ForecastsConfig;
import dev.caretaker.history.LongView;
import dev.caretaker.history.Rollups;
import dev.caretaker.history.RunHistory;
import dev.caretaker.history.Trends;
import dev.caretaker.report.Chart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Manual 003's capacity planning: every growth series with a limit, its trend and when it reaches the limit, soonest first. */
final class CapacityReview {
    static final int CHARTS = 4;

    private CapacityReview() {
    }

    static Review make(Context c) {
        ForecastsConfig fc = c.config().forecasts();
        List<LongView.Forecast> all = new ArrayList<>(c.sources().longView()
                .forecasts(c.system(), c.report().checksOf(c.config()), c.config(), c.now()));
        all.sort(Comparator.comparing((LongView.Forecast f) -> f.projection().map(Trends.Projection::at).orElse(Instant.MAX))
                .thenComparing(f -> -f.now() / f.limit()));
        List<Review.Row> rows = new ArrayList<>();
        List<Chart> charts = new ArrayList<>();
        int within = 0;
        int urgent = 0;
        for (LongView.Forecast f : all) {
            String when;
            String state;
            if (f.projection().isPresent()) {
                Trends.Projection p = f.projection().get();
                Duration in = Duration.between(c.now(), p.at());
                when = Fmt.day(p.at(), c.zone()) + " (" + Fmt.day(p.earliest(), c.zone()) + " – " + Fmt.day(p.latest(), c.zone()) + "), in "
                        + Math.max(0, in.toDays()) + " days";
                boolean soon = in.compareTo(fc.horizon()) <= 0;
                state = in.compareTo(fc.urgent()) <= 0 ? "fail" : soon ? "warn" : "pass";
                within += soon ? 1 : 0;
                urgent += "fail".equals(state) ? 1 : 0;
            } else {
                when = f.line().isEmpty() ? "too little history (under " + Fmt.duration(fc.minHistory()) + ")"
                        : f.line().get().slopeLow() > 0 ? "not within a year at this rate" : "not growing surely";
                state = "pass";
            }
            String perDay = f.line().map(l -> (l.perDay() >= 0 ? "+" : "") + Fmt.value(f.metric(), l.perDay()) + "/day").orElse("–");
            rows.add(new Review.Row(List.of(f.check(), Fmt.series(f.metric(), f.labels()), Fmt.value(f.metric(), f.now()), Fmt.value(f.metric(), f.limit()),
                    perDay, when), state, null));
            if (f.projection().isPresent() && charts.size() < CHARTS) {
                charts.add(chart(f, c.now(), fc));
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("series", all.size());
        figures.put("within_horizon", within);
        figures.put("urgent", urgent);
        figures.put("verdict", within == 0 ? "no limit within " + Fmt.duration(fc.horizon()) : within + " limit(s) within " + Fmt.duration(fc.horizon()));
        List<String> notes = new ArrayList<>();
        if (all.isEmpty()) {
            notes.add("No series with a known limit: set database_size.max on a postgres check, or list series under forecasts.series.");
        }
        notes.add("Trends are Theil–Sen lines through the hourly means of the last " + Fmt.duration(fc.window()) + "; the dates in brackets are "
                + "what the 90 % interval of the slope gives. Findings warn within " + Fmt.duration(fc.horizon()) + " (critical within "
                + Fmt.duration(fc.urgent()) + ").");
        return new Review(c.report().name(), c.report().type(), c.system(), "Capacity of " + c.system(), c.range().from(), c.range().to(), c.now(),
                c.zone().getId(), figures, List.of(new Review.Section("Growth series, soonest limit first", "",
                List.of("check", "series", "now", "limit", "growth", "reaches the limit"), rows, charts, notes)));
    }

    private static Chart chart(LongView.Forecast f, Instant now, ForecastsConfig fc) {
        List<Chart.Point> points = Charts.thin(f.points().stream().map(p -> new Chart.Point(p.at(), p.value())).toList());
        Trends.Line line = f.line().orElseThrow();
        Instant end = f.projection().get().at();
        Instant cap = now.plus(fc.horizon());
        Instant to = end.isAfter(cap) ? cap : end;
        Chart.Trend trend = new Chart.Trend(new Chart.Point(now, line.at(now)), new Chart.Point(to, line.at(to)), f.limit(), end);
        return new Chart(f.check() + ": " + Fmt.series(f.metric(), f.labels()), unit(f.metric()),
                List.of(new Chart.Line("hourly mean", points, false)), null, trend);
    }

    static String unit(String metric) {
        return metric.endsWith("_bytes") ? "bytes" : metric.endsWith("_percent") ? "%" : metric.endsWith("_ms") ? "ms"
                : metric.endsWith("_seconds") ? "s" : "";
    }
}
