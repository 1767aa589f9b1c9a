package dev.caretaker.web;

import dev.caretaker.check.CheckResult;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics;
import dev.caretaker.engine.CheckDesk;
import dev.caretaker.engine.Engine;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.LongView;
import dev.caretaker.history.Rollups;
import dev.caretaker.web.ui.CheckModel;
import dev.caretaker.web.ui.Charts;
import dev.caretaker.web.ui.Chrome;
import dev.caretaker.web.ui.FindingView;
import dev.caretaker.web.ui.MeasurementLayout;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A check's page, answer first: the findings of its latest run worst first ({@link FindingViews}), its recent results, then
 * the charts its kind shows first with the unchanged series folded into lines of words ({@link MeasurementLayout}), and every
 * other series behind "all measurements". Charts read the rollup that fits the range, never the raw rows.
 */
final class CheckPage {
    /** A range a check's charts offer: how far back, which rollup it reads, and how wide a point is (at most 365 points). */
    record Range(Duration span, Rollups.Resolution resolution, Duration step) {
    }

    static final Map<String, Range> RANGES = new LinkedHashMap<>();

    static {
        RANGES.put("24h", new Range(Duration.ofDays(1), Rollups.Resolution.FIVE_MINUTES, Duration.ofMinutes(5)));
        RANGES.put("7d", new Range(Duration.ofDays(7), Rollups.Resolution.HOUR, Duration.ofHours(1)));
        RANGES.put("30d", new Range(Duration.ofDays(30), Rollups.Resolution.HOUR, Duration.ofHours(3)));
        RANGES.put("1y", new Range(Duration.ofDays(365), Rollups.Resolution.DAY, Duration.ofDays(1)));
    }

    /** How many of a check's latest runs its status strip shows. */
    static final int STRIP = 60;

    private final Engine engine;
    private final ZoneId zone;
    private final Function<Instant, String> time;

    CheckPage(Engine engine, ZoneId zone, Function<Instant, String> time) {
        this.engine = engine;
        this.zone = zone;
        this.time = time;
    }

    /** The page of configured check {@code c} over range {@code asked} (24h when it is not one of {@link #RANGES}), as of {@code now}. */
    CheckModel model(Chrome chrome, CheckConfig c, String asked, Instant now) {
        String name = c.name();
        String range = RANGES.containsKey(asked) ? asked : "24h";
        Range r = RANGES.get(range);
        Instant from = now.minus(r.span());
        CheckDesk desk = engine.checks();
        List<CheckModel.Strip> strip = desk.strip(name, STRIP).stream().map(m -> new CheckModel.Strip(m.runId(), m.status().label(),
                time.apply(m.finishedAt()))).toList();
        // a series' forecast, drawn after its line: the trend up to a quarter of the range ahead, and the limit if it gets there
        Map<CheckSeries.Key, LongView.Forecast> forecasts = new HashMap<>();
        desk.forecasts(name).stream().filter(f -> f.projection().isPresent() && f.line().isPresent())
                .forEach(f -> forecasts.put(new CheckSeries.Key(f.metric(), f.labels()), f));
        MeasurementLayout.Layout layout = MeasurementLayout.of(c.type(), name, desk.charts(name, r.resolution(), r.step(), from, now.plus(r.step())),
                Metrics.of(c), forecasts.keySet());
        Optional<CheckResult> latest = desk.latest(name);
        List<FindingView> findings = latest.map(x -> new FindingViews(engine).of(name, x.findings())).orElse(List.of());
        Function<MeasurementLayout.Drawn, CheckModel.Chart> draw = d -> chart(d, forecasts.get(d.series().key()), r, range, from, now);
        return new CheckModel(chrome, name, c.type(), desk.state(name).label(), range, List.copyOf(RANGES.keySet()), strip,
                latest.map(CheckResult::error).orElse(null), findings,
                layout.charts().stream().map(draw).toList(), layout.flat().stream().map(MeasurementLayout.Flat::text).toList(),
                layout.moreCharts().stream().map(draw).toList(), layout.moreFlat().stream().map(MeasurementLayout.Flat::text).toList());
    }

    /** One chart: the series, its band behind it, and its forecast's trend after it, its axis in the series' unit. */
    private CheckModel.Chart chart(MeasurementLayout.Drawn d, LongView.Forecast f, Range r, String range, Instant from, Instant now) {
        List<Rollups.Bucket> buckets = d.series().buckets();
        Charts.Band band = d.series().band().map(b -> new Charts.Band(b.at().stream().map(Instant::getEpochSecond).toList(), b.low(), b.high()))
                .orElse(null);
        String title = d.title();
        Charts.Trend trend = null;
        String caption = title;
        Instant end = now;
        if (f != null && f.projection().isPresent() && f.line().isPresent()) {
            var p = f.projection().get();
            Instant edge = now.plus(r.span().dividedBy(4));
            end = p.at().isBefore(edge) ? p.at() : edge;
            trend = new Charts.Trend(now.getEpochSecond(), f.line().get().at(now), end.getEpochSecond(), f.line().get().at(end), f.limit(),
                    !p.at().isAfter(edge));
            caption = title + " — " + reaches(f, zone);
        }
        return new CheckModel.Chart(caption, Charts.line(buckets.stream().map(b -> b.at().getEpochSecond()).toList(),
                buckets.stream().map(Rollups.Bucket::mean).toList(), from.getEpochSecond(), now.getEpochSecond(),
                time.apply(from), time.apply(end), title + " over " + range + (band == null ? "" : ", with its normal band") + (trend == null ? ""
                        : ", and its trend to " + time.apply(end)), band, trend, d.unit()));
    }

    /** "reaches 80.0 % around 2026-12-13 at this rate": the forecast's date, as its finding gives it. */
    static String reaches(LongView.Forecast f, ZoneId zone) {
        return "reaches " + LongView.amount(f.limit(), f.metric().endsWith("_bytes"), f.metric().endsWith("_percent")) + " around "
                + DateTimeFormatter.ISO_LOCAL_DATE.format(f.projection().orElseThrow().at().atZone(zone)) + " at this rate";
    }
}
