package dev.caretaker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Measurement;
import dev.caretaker.store.Columns;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Measurement rollups at 5 minutes, an hour and a day: kept up to date as each run is stored (one statement per resolution),
 * pruned after their own retention, and read for any range at the coarsest resolution that still gives its step.
 */
public final class Rollups {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A resolution: its name in the store and its width. */
    public enum Resolution {
        FIVE_MINUTES("5m", Duration.ofMinutes(5)), HOUR("1h", Duration.ofHours(1)), DAY("1d", Duration.ofDays(1));

        public final String label;
        public final Duration width;

        Resolution(String label, Duration width) {
            this.label = label;
            this.width = width;
        }

        /** The coarsest resolution whose buckets fit in {@code step}; null when even 5 minutes is too coarse (read raw rows). */
        public static Resolution forStep(Duration step) {
            Resolution best = null;
            for (Resolution r : values()) {
                if (r.width.compareTo(step) <= 0 && step.toSeconds() % r.width.toSeconds() == 0) {
                    best = r;
                }
            }
            return best;
        }
    }

    /** One bucket of one series: when it starts, its labels, and the minimum, maximum, sum and count of its values. */
    public record Bucket(Instant at, Map<String, String> labels, double min, double max, double sum, long count) {
        public double mean() {
            return sum / count;
        }
    }

    private final Jdbi jdbi;

    public Rollups(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Adds a run's measurements, all taken {@code at}, to every resolution in the run's transaction: summed here from what
     * the run measured, never read back from the store, and written in one statement per resolution. Rows are written in
     * key order, so two runs adding to the same buckets at once wait for each other instead of deadlocking.
     */
    static void add(Handle h, String system, List<CheckResult> results, Instant at) {
        Map<Key, Sums> byKey = new TreeMap<>();
        for (CheckResult r : results) {
            for (Measurement m : r.measurements()) {
                byKey.computeIfAbsent(new Key(r.name(), m.metric(), json(m.labels())), k -> new Sums()).add(m.value());
            }
        }
        if (byKey.isEmpty()) {
            return;
        }
        Columns rows = new Columns();
        byKey.forEach((k, v) -> rows.add("check", k.check()).add("metric", k.metric()).add("labels", k.labels()).add("min", v.min)
                .add("max", v.max).add("sum", v.sum).add("count", v.count));
        long epoch = RunHistory.atStorePrecision(at).getEpochSecond();
        for (Resolution r : Resolution.values()) {
            Timestamp bucket = Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(epoch, r.width.toSeconds()) * r.width.toSeconds()));
            rows.bind(h.createUpdate("INSERT INTO measurement_rollup (resolution, system, check_name, metric, labels, bucket, min, max, sum, count) "
                            + "SELECT :res, :system, u.c, u.metric, CAST(u.labels AS jsonb), :bucket, u.min, u.max, u.sum, u.count "
                            + "FROM unnest(:check, :metric, :labels, :min, :max, :sum, :count) WITH ORDINALITY AS u(c, metric, labels, min, max, sum, count, n) "
                            + "ORDER BY u.n ON CONFLICT (system, check_name, metric, resolution, bucket, labels) DO UPDATE SET "
                            + "min = least(measurement_rollup.min, EXCLUDED.min), max = greatest(measurement_rollup.max, EXCLUDED.max), "
                            + "sum = measurement_rollup.sum + EXCLUDED.sum, count = measurement_rollup.count + EXCLUDED.count"))
                    .bind("res", r.label).bind("system", system).bind("bucket", bucket).execute();
        }
    }

    /** A series of a run: check, metric and its labels as sorted JSON (one text for one label set, in any order). */
    private record Key(String check, String metric, String labels) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::check).thenComparing(Key::metric).thenComparing(Key::labels);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    /** The minimum, maximum, sum and count of one series' values in a run. */
    private static final class Sums {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            count++;
        }
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The buckets of {@code check}'s {@code metric} at {@code resolution} in [{@code from}, {@code to}), merged to
     * {@code step} (a multiple of the resolution), oldest first, per label set.
     */
    public List<Bucket> series(String system, String check, String metric, Resolution resolution, Duration step, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT to_timestamp(floor(extract(epoch FROM bucket) / :step) * :step) AS at, labels::text, "
                        + "min(min), max(max), sum(sum), sum(count)::bigint FROM measurement_rollup WHERE system = :system AND check_name = :check "
                        + "AND metric = :metric AND resolution = :res AND bucket >= :from AND bucket < :to GROUP BY 1, 2 ORDER BY 2, 1")
                .bind("step", step.toSeconds()).bind("system", system).bind("check", check).bind("metric", metric).bind("res", resolution.label)
                .bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> new Bucket(rs.getTimestamp(1).toInstant(), labels(rs.getString(2)), rs.getDouble(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getLong(6))).list());
    }

    /**
     * The buckets of {@code metric} for every check of {@code system} at {@code resolution} in [{@code from}, {@code to}),
     * by check, oldest first per label set: one query for all the series a run measured of one metric.
     */
    public Map<String, List<Bucket>> seriesOfMetric(String system, String metric, Resolution resolution, Instant from, Instant to) {
        Map<String, List<Bucket>> out = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT check_name, bucket, labels::text, min, max, sum, count FROM measurement_rollup "
                        + "WHERE system = :system AND metric = :metric AND resolution = :res AND bucket >= :from AND bucket < :to "
                        + "ORDER BY check_name, labels, bucket")
                .bind("system", system).bind("metric", metric).bind("res", resolution.label).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> Map.entry(rs.getString(1), new Bucket(rs.getTimestamp(2).toInstant(), labels(rs.getString(3)), rs.getDouble(4),
                        rs.getDouble(5), rs.getDouble(6), rs.getLong(7))))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue())));
        return out;
    }

    /**
     * 5-minute rollups are kept this long at most: they serve the day and week views; a month is drawn from hourly ones and
     * a year from daily ones, so keeping 5-minute buckets for a year would cost most of the store for nothing shown.
     */
    public static final Duration FIVE_MINUTE_RETENTION = Duration.ofDays(35);

    /**
     * Deletes {@code system}'s rollups older than {@code before}, and its 5-minute ones older than
     * {@link #FIVE_MINUTE_RETENTION} before {@code now}; returns how many rows went.
     */
    public int prune(String system, Instant now, Instant before) {
        Instant fine = now.minus(FIVE_MINUTE_RETENTION).isAfter(before) ? now.minus(FIVE_MINUTE_RETENTION) : before;
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM measurement_rollup WHERE system = :system AND (bucket < :before "
                        + "OR resolution = '5m' AND bucket < :fine)")
                .bind("before", Timestamp.from(before)).bind("fine", Timestamp.from(fine)).bind("system", system).execute());
    }

    private static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable labels in the store: " + json, e);
        }
    }
}
