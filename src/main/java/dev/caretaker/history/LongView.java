package dev.caretaker.history;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.BaselineConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.ForecastsConfig;
import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What the history says of a run before it is stored. Forecasts: for each growth series with a known limit — a
 * connection, sequence or transaction-ID percentage (100 %), a database's size against its check's
 * {@code database_size.max}, a series of {@code forecasts.series} — a Theil–Sen trend over the hourly rollups of
 * {@code forecasts.window} and the value now; a series projected to reach its limit within {@code forecasts.horizon} gets
 * a {@code capacity.forecast} finding (critical within {@code forecasts.urgent}). Baselines: each measurement named by
 * {@code baselines:} is judged against its seasonal band (median and MAD by hour of the week); one beyond the band for
 * {@code for} gets {@code anomaly.high} or {@code anomaly.low}, and the band itself is measured
 * ({@code baseline.low}, {@code baseline.centre}, {@code baseline.high}, labelled with the {@code metric}) so charts draw it.
 */
public final class LongView {
    public static final String ANOMALY_HIGH = "anomaly.high";
    public static final String ANOMALY_LOW = "anomaly.low";
    public static final String FORECAST = "capacity.forecast";
    /** The band's measurements; their label {@code metric} names the measurement they bound. */
    public static final List<String> BAND_METRICS = List.of("baseline.low", "baseline.centre", "baseline.high");
    static final Map<String, Double> PERCENT_LIMITS = Map.of("postgres.connection_usage_percent", 100.0, "postgres.sequence_used_percent", 100.0,
            "postgres.xid_age_percent", 100.0, "host.disk_used_percent", 100.0, "host.memory_percent", 100.0);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final Rollups rollups;
    private final RunHistory history;

    public LongView(Rollups rollups, RunHistory history) {
        this.rollups = rollups;
        this.history = history;
    }

    /** The run with forecasts, anomalies and baseline bands added to the checks they concern. */
    public RunResult judge(RunResult run, CaretakerConfig config) {
        Instant now = run.finishedAt();
        ForecastsConfig fc = config.forecasts();
        List<CheckResult> results = new ArrayList<>();
        boolean changed = false;
        Map<String, List<RunHistory.Point>> recent = new HashMap<>();
        // one read of the hourly rollups per metric for the whole run, over the longest window that metric needs
        Map<String, Map<String, Map<Map<String, String>, List<Trends.Point>>>> hourly = new HashMap<>();
        Duration longest = config.baselines().stream().map(BaselineConfig::window).reduce(fc.window(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        for (CheckResult r : run.results()) {
            List<Finding> added = new ArrayList<>();
            List<Measurement> bands = new ArrayList<>();
            for (Measurement m : r.measurements()) {
                OptionalDouble limit = limit(config.checks().get(r.name()), fc, r.name(), m);
                Optional<BaselineConfig> baseline = config.baselines().stream().filter(b -> b.covers(r.name(), m.metric())).findFirst();
                if (limit.isEmpty() && baseline.isEmpty()) {
                    continue;
                }
                List<Trends.Point> past = hourly.computeIfAbsent(m.metric(), metric -> hourly(run.system(), metric, now, longest))
                        .getOrDefault(r.name(), Map.of()).getOrDefault(new TreeMap<>(m.labels()), List.of());
                if (limit.isPresent()) {
                    Forecast f = forecast(r.name(), m, completeHours(within(past, now.minus(fc.window())), now), limit.getAsDouble(), now, fc);
                    finding(f, now, config.timezone(), fc).ifPresent(added::add);
                }
                if (baseline.isPresent()) {
                    BaselineConfig b = baseline.get();
                    List<Trends.Point> window = within(past, now.minus(b.window()));
                    Optional<Trends.Band> band = Trends.baseline(window, now, config.timezone(), b.window());
                    if (band.isPresent()) {
                        bands.addAll(band(m, band.get(), b.sensitivity()));
                        // the raw points of this check's series only: the whole metric across checks grows with every check
                        List<RunHistory.Point> raw = recent.computeIfAbsent(r.name() + " " + m.metric() + "@" + b.forDuration(),
                                k -> history.series(run.system(), List.of(r.name()), m.metric(), now.minus(b.forDuration()).minus(Duration.ofHours(1))));
                        anomaly(r.name(), m, b, window, band.get(), raw, now, config.timezone()).ifPresent(added::add);
                    }
                }
            }
            if (added.isEmpty() && bands.isEmpty()) {
                results.add(r);
                continue;
            }
            changed = true;
            List<Finding> findings = new ArrayList<>(r.findings());
            findings.addAll(added);
            List<Measurement> measurements = new ArrayList<>(r.measurements());
            measurements.addAll(bands);
            Status status = r.status();
            for (Finding f : added) {
                status = status.worse(f.severity() == Severity.CRITICAL ? Status.CRITICAL : f.severity() == Severity.WARNING ? Status.WARNING : Status.OK);
            }
            results.add(new CheckResult(r.name(), r.type(), status, r.durationMs(), r.error(), measurements, findings, r.unjudged()));
        }
        return changed ? RunResult.of(run.system(), run.suite(), run.startedAt(), run.finishedAt(), results) : run;
    }

    private static List<Trends.Point> within(List<Trends.Point> points, Instant from) {
        int i = 0;
        while (i < points.size() && points.get(i).at().isBefore(from)) {
            i++;
        }
        return i == 0 ? points : points.subList(i, points.size());
    }

    /** The known limit of a measured series, if it has one: the config's, else the one Caretaker knows. */
    static OptionalDouble limit(CheckConfig check, ForecastsConfig forecasts, String checkName, Measurement m) {
        Optional<Double> configured = forecasts.limit(checkName, m.metric());
        if (configured.isPresent()) {
            return OptionalDouble.of(configured.get());
        }
        Double percent = PERCENT_LIMITS.get(m.metric());
        if (percent != null) {
            return OptionalDouble.of(percent);
        }
        if (m.metric().equals("postgres.database_bytes") && check instanceof PostgresCheckConfig pc) {
            var max = pc.thresholds().optionalSize("database_size.max");
            return max.isPresent() ? OptionalDouble.of(max.getAsLong()) : OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }

    /** Whether Caretaker knows a limit of {@code metric} by itself (the percentages and sizes above). */
    public static boolean growthSeries(String metric) {
        return PERCENT_LIMITS.containsKey(metric) || metric.equals("postgres.database_bytes");
    }

    /** The hourly means of every series of {@code metric} over {@code window} before {@code now}, by check and label set, oldest first. */
    private Map<String, Map<Map<String, String>, List<Trends.Point>>> hourly(String system, String metric, Instant now, Duration window) {
        Map<String, Map<Map<String, String>, List<Trends.Point>>> out = new HashMap<>();
        rollups.seriesOfMetric(system, metric, Rollups.Resolution.HOUR, now.minus(window), now).forEach((check, buckets) -> {
            Map<Map<String, String>, List<Trends.Point>> byLabels = new LinkedHashMap<>();
            for (Rollups.Bucket b : buckets) {
                byLabels.computeIfAbsent(new TreeMap<>(b.labels()), k -> new ArrayList<>()).add(new Trends.Point(b.at().plus(Duration.ofMinutes(30)), b.mean()));
            }
            out.put(check, byLabels);
        });
        return out;
    }


    /**
     * A growth series' forecast as of {@code at}: the hourly means of the complete hours before it and its value then, the
     * trend through them, and when it reaches its limit (empty when it is not surely growing, or not within a year). The run
     * that measured the value, the dashboard and the capacity report all compute it here, from the same points, so they
     * give the same date; the finding's horizon decides only whether it is a finding.
     */
    public record Forecast(String check, String metric, Map<String, String> labels, List<Trends.Point> points, double now, double limit,
                           Optional<Trends.Line> line, Optional<Trends.Projection> projection) {
        /** The projection, when it reaches the limit within {@code horizon} of {@code at}. */
        public Optional<Trends.Projection> within(Duration horizon, Instant at) {
            return projection.filter(p -> !p.at().isAfter(at.plus(horizon)));
        }
    }

    /** How far a forecast looks for a date, beyond the findings' horizon. */
    public static final Duration REPORT_HORIZON = Duration.ofDays(365);

    /** The one forecast: {@code past} (hourly points before {@code at}) and the value at {@code at}, projected to {@code limit}. */
    static Forecast forecast(String check, Measurement m, List<Trends.Point> past, double limit, Instant at, ForecastsConfig fc) {
        List<Trends.Point> points = new ArrayList<>(past);
        points.add(new Trends.Point(at, m.value()));
        Optional<Trends.Line> line = past.isEmpty() || Duration.between(past.get(0).at(), at).compareTo(fc.minHistory()) < 0 ? Optional.empty()
                : Trends.theilSen(points);
        Duration horizon = fc.horizon().compareTo(REPORT_HORIZON) > 0 ? fc.horizon() : REPORT_HORIZON;
        Optional<Trends.Projection> p = line.flatMap(l -> Trends.reach(l, limit, at, horizon));
        return new Forecast(check, m.metric(), new TreeMap<>(m.labels()), points, m.value(), limit, line, p);
    }

    /** The points of hours that were complete at {@code at}: the hour {@code at} falls in is still being filled. */
    private static List<Trends.Point> completeHours(List<Trends.Point> hourly, Instant at) {
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        int end = hourly.size();
        while (end > 0 && !hourly.get(end - 1).at().minus(HALF_HOUR).isBefore(hour)) {
            end--;
        }
        return hourly.subList(0, end);
    }

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    /**
     * The forecasts of a check's growth series as of its result at {@code at} (its latest, for the dashboard): the same
     * figures the run that stored it had.
     */
    public List<Forecast> forecasts(String system, CheckResult result, Instant at, CaretakerConfig config) {
        ForecastsConfig fc = config.forecasts();
        List<Forecast> out = new ArrayList<>();
        Map<String, Map<String, Map<Map<String, String>, List<Trends.Point>>>> byMetric = new HashMap<>();
        for (Measurement m : result.measurements()) {
            OptionalDouble limit = limit(config.checks().get(result.name()), fc, result.name(), m);
            if (limit.isEmpty()) {
                continue;
            }
            List<Trends.Point> past = byMetric.computeIfAbsent(m.metric(), x -> hourly(system, x, at, fc.window()))
                    .getOrDefault(result.name(), Map.of()).getOrDefault(new TreeMap<>(m.labels()), List.of());
            out.add(forecast(result.name(), m, completeHours(past, at), limit.getAsDouble(), at, fc));
        }
        return out;
    }

    /**
     * Every growth series with a limit among {@code checks}, from the hourly rollups of {@code forecasts.window} before
     * {@code now}: its latest hour is its value now. For reports.
     */
    public List<Forecast> forecasts(String system, java.util.Collection<String> checks, CaretakerConfig config, Instant now) {
        ForecastsConfig fc = config.forecasts();
        List<Forecast> out = new ArrayList<>();
        Map<String, Map<String, Map<Map<String, String>, List<Trends.Point>>>> byMetric = new HashMap<>();
        for (String check : checks) {
            CheckConfig cc = config.checks().get(check);
            if (cc == null) {
                continue;
            }
            for (dev.caretaker.config.Metrics.Metric metric : dev.caretaker.config.Metrics.of(cc)) {
                if (!growthSeries(metric.name()) && fc.limit(check, metric.name()).isEmpty()) {
                    continue;
                }
                for (Map.Entry<Map<String, String>, List<Trends.Point>> e : byMetric.computeIfAbsent(metric.name(), x -> hourly(system, x, now, fc.window()))
                        .getOrDefault(check, Map.of()).entrySet()) {
                    List<Trends.Point> points = e.getValue();
                    Measurement latest = new Measurement(metric.name(), e.getKey(), points.get(points.size() - 1).value());
                    OptionalDouble limit = limit(cc, fc, check, latest);
                    if (limit.isPresent()) {
                        out.add(forecast(check, latest, points.subList(0, points.size() - 1), limit.getAsDouble(), now, fc));
                    }
                }
            }
        }
        return out;
    }

    /** A {@code capacity.forecast} finding when the forecast reaches its limit within {@code forecasts.horizon}. */
    private static Optional<Finding> finding(Forecast f, Instant now, ZoneId zone, ForecastsConfig fc) {
        return f.within(fc.horizon(), now).map(p -> {
            boolean bytes = f.metric().endsWith("_bytes");
            boolean percent = f.metric().endsWith("_percent");
            String subject = subject(f.labels(), f.check());
            long days = Math.max(0, Duration.between(now, p.at()).toDays());
            String message = what(f.metric(), subject) + " reaches " + amount(f.limit(), bytes, percent) + " around " + DAY.format(p.at().atZone(zone))
                    + ", in " + days + (days == 1 ? " day" : " days") + "; growing " + amount(p.perDay(), bytes, percent) + "/day (now "
                    + amount(f.now(), bytes, percent) + ")";
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("metric", f.metric());
            evidence.put("labels", f.labels());
            evidence.put("now", f.now());
            evidence.put("limit", f.limit());
            evidence.put("per_day", p.perDay());
            evidence.put("reaches_at", p.at().toString());
            evidence.put("earliest", p.earliest().toString());
            evidence.put("latest", p.latest().toString());
            evidence.put("points", f.points().size());
            Severity severity = Duration.between(now, p.at()).compareTo(fc.urgent()) <= 0 ? Severity.CRITICAL : Severity.WARNING;
            return new Finding(FORECAST, severity, subject, message, evidence);
        });
    }

    /** The band as measurements: low and high at {@code sensitivity} spreads from the centre. */
    private static List<Measurement> band(Measurement m, Trends.Band band, double sensitivity) {
        Map<String, String> labels = new TreeMap<>(m.labels());
        labels.put("metric", m.metric());
        double width = sensitivity * Trends.effectiveSpread(band);
        return List.of(new Measurement(BAND_METRICS.get(0), labels, band.centre() - width), new Measurement(BAND_METRICS.get(1), labels, band.centre()),
                new Measurement(BAND_METRICS.get(2), labels, band.centre() + width));
    }

    /**
     * An anomaly when the value now and every stored value of the series in the last {@code for} lie beyond the band on one
     * side, the first of them at least {@code for} ago; never before the series has {@code min_history}.
     */
    private static Optional<Finding> anomaly(String check, Measurement m, BaselineConfig b, List<Trends.Point> past, Trends.Band band,
                                             List<RunHistory.Point> raw, Instant now, ZoneId zone) {
        if (past.isEmpty() || Duration.between(past.get(0).at(), now).compareTo(b.minHistory()) < 0) {
            return Optional.empty();
        }
        Optional<Trends.Side> side = Trends.outside(m.value(), band, b.sensitivity());
        if (side.isEmpty() || !b.direction().judges(side.get() == Trends.Side.HIGH)) {
            return Optional.empty();
        }
        Map<String, String> labels = new TreeMap<>(m.labels());
        List<RunHistory.Point> same = raw.stream().filter(p -> p.check().equals(check) && new TreeMap<>(p.labels()).equals(labels)).toList();
        Instant since = now;
        Map<Integer, Optional<Trends.Band>> bands = new HashMap<>();
        for (int i = same.size() - 1; i >= 0; i--) {
            RunHistory.Point p = same.get(i);
            if (!p.at().isBefore(now)) {
                continue;
            }
            Optional<Trends.Band> at = bands.computeIfAbsent(Trends.hourOfWeek(p.at(), zone), h -> Trends.baseline(past, p.at(), zone, b.window()));
            if (at.isEmpty() || !Trends.outside(p.value(), at.get(), b.sensitivity()).equals(side)) {
                break;
            }
            since = p.at();
        }
        if (Duration.between(since, now).compareTo(b.forDuration()) < 0) {
            return Optional.empty();
        }
        boolean high = side.get() == Trends.Side.HIGH;
        double spread = Trends.effectiveSpread(band);
        String hour = hourName(band.hourOfWeek());
        String subject = subject(labels, check);
        String message = m.metric() + " of " + subject + " is " + Units.formatNumber(m.value()) + ", " + (high ? "above" : "below") + " its normal "
                + Units.formatNumber(band.centre()) + " ± " + Units.formatNumber(spread) + " " + (band.seasonal() ? "for " + hour : "(all hours: too little history for "
                + hour + ")") + " by " + Units.formatNumber(Math.abs(m.value() - band.centre()) / spread) + " spreads"
                + (b.forDuration().isZero() ? "" : "; so since " + Units.humanDuration(Duration.between(since, now)));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("metric", m.metric());
        evidence.put("labels", labels);
        evidence.put("value", m.value());
        evidence.put("baseline", band.centre());
        evidence.put("spread", spread);
        evidence.put("sensitivity", b.sensitivity());
        evidence.put("hour", hour);
        evidence.put("seasonal", band.seasonal());
        evidence.put("samples", band.samples());
        evidence.put("since", since.toString());
        return Optional.of(new Finding(high ? ANOMALY_HIGH : ANOMALY_LOW, Severity.WARNING, subject, message, evidence));
    }

    /** {@code Tue 14:00}: an hour of the week as people say it. */
    public static String hourName(int hourOfWeek) {
        return java.time.DayOfWeek.of(hourOfWeek / 24 + 1).getDisplayName(TextStyle.SHORT, Locale.ROOT) + " " + String.format(Locale.ROOT, "%02d:00", hourOfWeek % 24);
    }

    private static String subject(Map<String, String> labels, String check) {
        for (String key : List.of("sequence", "table", "job", "group", "mount", "database")) {
            if (labels.containsKey(key)) {
                return labels.get(key);
            }
        }
        return check;
    }

    static String what(String metric, String subject) {
        return switch (metric) {
            case "postgres.database_bytes" -> "database " + subject;
            case "postgres.connection_usage_percent" -> "connections of " + subject;
            case "postgres.sequence_used_percent" -> "sequence " + subject;
            case "postgres.xid_age_percent" -> "transaction-ID age of " + subject;
            case "host.disk_used_percent" -> "disk " + subject;
            case "host.memory_percent" -> "memory of " + subject;
            default -> metric + " of " + subject;
        };
    }

    public static String amount(double v, boolean bytes, boolean percent) {
        return bytes ? Units.formatBytes(v) : percent ? String.format(Locale.ROOT, "%.1f %%", v) : Units.formatNumber(v);
    }
}
