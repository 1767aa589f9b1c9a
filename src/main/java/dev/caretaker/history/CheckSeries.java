package dev.caretaker.history;

import dev.caretaker.config.RuleConfig;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * A check's series as charts and the API read them: each keyed by its metric and sorted labels, from the rollup that fits
 * the range (or raw rows for a short one), with the normal band the long view stored for it attached rather than shown as
 * series of their own.
 */
public final class CheckSeries {
    /** One series of a check: a metric and its labels, sorted. */
    public record Key(String metric, Map<String, String> labels) {
        public Key {
            labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        }

        /** The key of the band the long view stores for this series: its labels plus {@code metric}. */
        Key band(String bandMetric) {
            Map<String, String> l = new TreeMap<>(labels);
            l.put("metric", metric);
            return new Key(bandMetric, l);
        }
    }

    /** A series' normal band, one low and high value per point in time. */
    public record Band(List<Instant> at, List<Double> low, List<Double> high) {
    }

    /** One series at one resolution, with its band when it has one. */
    public record Charted(Key key, List<Rollups.Bucket> buckets, Optional<Band> band) {
    }

    /** One stored value. */
    public record Point(Instant at, Map<String, String> labels, double value) {
    }

    private final Jdbi jdbi;

    public CheckSeries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every series of {@code check} at {@code resolution} in [{@code from}, {@code to}), merged to {@code step}, bands attached. */
    public List<Charted> charted(String system, String check, Rollups.Resolution resolution, Duration step, Instant from, Instant to) {
        Map<Key, List<Rollups.Bucket>> all = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT metric, to_timestamp(floor(extract(epoch FROM bucket) / :step) * :step) AS at, labels::text, "
                        + "min(min), max(max), sum(sum), sum(count)::bigint FROM measurement_rollup WHERE system = :system AND check_name = :check "
                        + "AND resolution = :res AND bucket >= :from AND bucket < :to GROUP BY 1, 2, 3 ORDER BY 1, 3, 2")
                .bind("step", step.toSeconds()).bind("system", system).bind("check", check).bind("res", resolution.label)
                .bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> {
                    Map<String, String> labels = StoredJson.labels(rs.getString(3));
                    return Map.entry(new Key(rs.getString(1), labels), new Rollups.Bucket(rs.getTimestamp(2).toInstant(), labels, rs.getDouble(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getLong(7)));
                })
                .forEach(e -> all.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        List<Charted> out = new ArrayList<>();
        all.forEach((key, buckets) -> {
            if (LongView.BAND_METRICS.contains(key.metric())) {
                return;
            }
            List<Rollups.Bucket> low = all.get(key.band(LongView.BAND_METRICS.get(0)));
            List<Rollups.Bucket> high = all.get(key.band(LongView.BAND_METRICS.get(2)));
            Optional<Band> band = low == null || high == null || low.size() != high.size() ? Optional.empty()
                    : Optional.of(new Band(low.stream().map(Rollups.Bucket::at).toList(), low.stream().map(Rollups.Bucket::mean).toList(),
                    high.stream().map(Rollups.Bucket::mean).toList()));
            out.add(new Charted(key, buckets, band));
        });
        return out;
    }

    /** One series' buckets at {@code resolution} merged to {@code step}, oldest first per label set. */
    public List<Rollups.Bucket> rolled(String system, String check, String metric, Rollups.Resolution resolution, Duration step, Instant from,
                                       Instant to) {
        return new Rollups(jdbi).series(system, check, metric, resolution, step, from, to);
    }

    /** The stored values of {@code check}'s {@code metric} in [{@code from}, {@code to}), oldest first. */
    public List<Point> raw(String system, String check, String metric, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT m.at, m.labels::text, m.value FROM measurement m JOIN run r ON r.id = m.run_id "
                        + "WHERE r.system = :system AND m.check_name = :check AND m.metric = :metric AND m.at >= :from AND m.at < :to ORDER BY m.at")
                .bind("system", system).bind("check", check).bind("metric", metric).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> new Point(rs.getTimestamp(1).toInstant(), StoredJson.labels(rs.getString(2)), rs.getDouble(3))).list());
    }

    /** The system's health score after each run since {@code since}, oldest first. */
    public List<Double> health(String system, Instant since) {
        return new RunHistory(jdbi).series(system, RuleConfig.HEALTH_SCORE_METRIC, since).stream().map(RunHistory.Point::value).toList();
    }
}
