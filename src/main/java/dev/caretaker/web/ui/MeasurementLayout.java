package dev.caretaker.web.ui;

import dev.caretaker.config.Metrics;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.Rollups;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which of a check's series its page draws, and how: the few its kind says matter most first ({@link #FEATURED}) as charts,
 * at most {@link #MAX_PER_METRIC} of a metric (the highest) and {@link #MAX_CHARTS} in all; a series that did not change over
 * the range (its lowest value is its highest) is one line of words ("Locks waiting — app: 0 throughout") instead of a chart,
 * and so is one with fewer than {@link #MIN_POINTS} points ("Cache hit ratio — app: 1 reading so far: 99.6 %");
 * everything else goes behind "all measurements". Titles are in words: the metric's title from the catalog ({@link Metrics})
 * and its labels' values ("Connections in use — app"), never a metric's name.
 */
public final class MeasurementLayout {
    /** Charts drawn before "all measurements". */
    public static final int MAX_CHARTS = 6;
    /** Series of one metric drawn before "all measurements" (tables, jobs, standbys: the highest). */
    public static final int MAX_PER_METRIC = 3;

    /** The measurements each kind of check shows first, in order; a kind not named here shows its series as they come. */
    static final Map<String, List<String>> FEATURED = Map.ofEntries(
            Map.entry("postgres", List.of("postgres.connection_usage_percent", "postgres.longest_transaction_seconds", "postgres.cache_hit_percent",
                    "postgres.replication_lag_seconds", "postgres.dead_tuple_percent", "postgres.lock_waits",
                    "postgres.longest_idle_in_transaction_seconds", "postgres.database_bytes")),
            Map.entry("http", List.of("http.latency_ms", "http.up", "http.cert_days_left")),
            Map.entry("jobs", List.of("jobs.success_rate_percent", "jobs.runs", "jobs.last_success_age_seconds", "jobs.duration_p95_seconds")),
            Map.entry("errors", List.of("errors.rate_percent", "errors.count", "errors.requests")),
            Map.entry("host", List.of("host.cpu_percent", "host.memory_percent", "host.disk_used_percent", "host.load_per_cpu")),
            Map.entry("backup", List.of("backup.age_seconds", "backup.size_bytes", "backup.restored_rows")),
            Map.entry("heartbeat", List.of("heartbeat.last_ping_age_seconds", "heartbeat.duration_seconds", "heartbeat.up")),
            Map.entry("integrity", List.of("integrity.orphan_rows", "integrity.null_rows")),
            Map.entry("security", List.of("security.login_bursts", "security.tables_without_rls")),
            Map.entry("command", List.of("command.exit_code", "command.perfdata")),
            Map.entry("tcp", List.of("tcp.connect_ms", "tcp.up", "tcp.cert_days_left")),
            Map.entry("smtp", List.of("smtp.response_ms", "smtp.up", "smtp.cert_days_left")),
            Map.entry("dns", List.of("dns.latency_ms", "dns.up", "dns.answers")),
            Map.entry("ping", List.of("ping.rtt_ms", "ping.loss_percent")),
            Map.entry("domain", List.of("domain.days_left")));

    private MeasurementLayout() {
    }

    /** A series to draw, with its title in words and its unit. */
    public record Drawn(CheckSeries.Charted series, String title, String unit) {
    }

    /** Fewer points than this in the range make no chart: the series is a line of numbers. */
    public static final int MIN_POINTS = 3;

    /**
     * A series shown as words: one that kept one value over the range ({@code value} "0", read "0 throughout"), or one with
     * too few points for a chart ({@code value} "1 reading so far: 99.6 %", read as it is).
     */
    public record Flat(String title, String value, boolean sparse) {
        public Flat(String title, String value) {
            this(title, value, false);
        }

        /** "Locks waiting — app: 0 throughout", "Cache hit ratio — app: 1 reading so far: 99.6 %". */
        public String text() {
            return title + ": " + value + (sparse ? "" : " throughout");
        }
    }

    /** The page's measurements: the charts and unchanged series shown first, then the rest behind "all measurements". */
    public record Layout(List<Drawn> charts, List<Flat> flat, List<Drawn> moreCharts, List<Flat> moreFlat) {
        public int total() {
            return charts.size() + flat.size() + moreCharts.size() + moreFlat.size();
        }
    }

    /**
     * Lays out the series of check {@code check} of kind {@code type}; {@code metrics} are the measurements the kind declares
     * (units and the order of labels), {@code forecast} the series with a forecast (always drawn: the trend is the point).
     */
    public static Layout of(String type, String check, List<CheckSeries.Charted> series, List<Metrics.Metric> metrics, Set<CheckSeries.Key> forecast) {
        Map<String, Metrics.Metric> known = new LinkedHashMap<>();
        metrics.forEach(m -> known.put(m.name(), m));
        List<String> order = FEATURED.getOrDefault(type, "sql".equals(type) ? List.of("sql." + check, "sql." + check + "_rows") : null);
        List<CheckSeries.Charted> sorted = new ArrayList<>(series);
        sorted.sort(Comparator.comparingInt((CheckSeries.Charted s) -> rank(order, s.key().metric()))
                .thenComparing(Comparator.comparingDouble(MeasurementLayout::peak).reversed()));
        List<Drawn> charts = new ArrayList<>();
        List<Flat> flat = new ArrayList<>();
        List<Drawn> more = new ArrayList<>();
        List<Flat> moreFlat = new ArrayList<>();
        Map<String, Integer> perMetric = new LinkedHashMap<>();
        for (CheckSeries.Charted s : sorted) {
            Metrics.Metric m = known.get(s.key().metric());
            String unit = unit(s.key(), m);
            String title = title(s.key(), m);
            boolean first = order == null || order.contains(s.key().metric());
            if (sparse(s) && !forecast.contains(s.key())) {
                (first ? flat : moreFlat).add(new Flat(title, readings(s, unit), true));
                continue;
            }
            if (flat(s) && !forecast.contains(s.key())) {
                (first ? flat : moreFlat).add(new Flat(title, Amounts.of(s.buckets().get(0).min(), unit)));
                continue;
            }
            int n = perMetric.merge(s.key().metric(), 1, Integer::sum);
            if (first && n <= MAX_PER_METRIC && charts.size() < MAX_CHARTS || forecast.contains(s.key())) {
                charts.add(new Drawn(s, title, unit));
            } else {
                more.add(new Drawn(s, title, unit));
            }
        }
        return new Layout(charts, flat, more, moreFlat);
    }

    private static int rank(List<String> order, String metric) {
        int i = order == null ? -1 : order.indexOf(metric);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static double peak(CheckSeries.Charted s) {
        return s.buckets().stream().mapToDouble(Rollups.Bucket::max).max().orElse(0);
    }

    /** Whether the series has too few points in its range for a chart (but some). */
    public static boolean sparse(CheckSeries.Charted s) {
        return !s.buckets().isEmpty() && s.buckets().size() < MIN_POINTS;
    }

    /** "1 reading so far: 99.6 %", "2 readings so far: 10 %, 12.5 %", "6 readings so far, 3 to 9" (several in a point). */
    static String readings(CheckSeries.Charted s, String unit) {
        long n = s.buckets().stream().mapToLong(Rollups.Bucket::count).sum();
        String so = n + (n == 1 ? " reading" : " readings") + " so far";
        if (n == s.buckets().size()) {
            return so + ": " + String.join(", ", s.buckets().stream().map(b -> Amounts.of(b.min(), unit)).toList());
        }
        double lo = s.buckets().stream().mapToDouble(Rollups.Bucket::min).min().orElse(0);
        double hi = s.buckets().stream().mapToDouble(Rollups.Bucket::max).max().orElse(0);
        return so + ", " + (lo == hi ? Amounts.of(lo, unit) + " each" : Amounts.of(lo, unit) + " to " + Amounts.of(hi, unit));
    }

    /** Whether the series kept one value over its range (or has no values). */
    public static boolean flat(CheckSeries.Charted s) {
        double lo = s.buckets().stream().mapToDouble(Rollups.Bucket::min).min().orElse(0);
        double hi = s.buckets().stream().mapToDouble(Rollups.Bucket::max).max().orElse(0);
        return lo == hi;
    }

    /** The series' unit: the catalog's; a command's performance data says its own in its {@code unit} label. */
    static String unit(CheckSeries.Key key, Metrics.Metric m) {
        String u = key.labels().get("unit");
        if ("command.perfdata".equals(key.metric()) && u != null) {
            return switch (u) {
                case "s" -> "seconds";
                case "B" -> "bytes";
                case "%" -> "percent";
                default -> "";
            };
        }
        return m == null ? "" : m.unit();
    }

    /**
     * "Connections in use — app": the metric's title, then its labels' values in the catalog's order (the check's own label
     * left out, a query's id as "query 123").
     */
    public static String title(CheckSeries.Key key, Metrics.Metric m) {
        Map<String, String> labels = new TreeMap<>(key.labels());
        labels.remove("check");
        labels.remove("unit");
        List<String> names = new ArrayList<>(m == null ? List.of() : m.labels());
        names.retainAll(labels.keySet());
        labels.keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
        List<String> words = names.stream().map(k -> "queryid".equals(k) ? "query " + labels.get(k) : labels.get(k)).toList();
        String title = m == null ? Metrics.title(key.metric()) : m.title();
        return words.isEmpty() ? title : title + " — " + String.join(", ", words);
    }
}
