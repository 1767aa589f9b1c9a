package dev.caretaker.history;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The history over a period, as the periodic reports read it: how each check's runs went, the findings that came most,
 * the health score run by run, and the measurements' means, 95th percentiles, first and last values.
 */
public final class PeriodStats {
    private final Jdbi jdbi;
    private final String system;

    public PeriodStats(Jdbi jdbi, String system) {
        this.jdbi = jdbi;
        this.system = system;
    }

    /** How one check's runs went in a period. */
    public record Tally(String check, long runs, long ok, long warning, long critical, long unknown) {
    }

    /** The runs of {@code checks} that finished in [{@code from}, {@code to}), by check, least often ok first. */
    public List<Tally> tallies(Collection<String> checks, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT cr.check_name, count(*) AS runs, count(*) FILTER (WHERE cr.status = 'ok') AS ok, "
                        + "count(*) FILTER (WHERE cr.status = 'warning') AS warning, count(*) FILTER (WHERE cr.status = 'critical') AS critical, "
                        + "count(*) FILTER (WHERE cr.status = 'unknown') AS unknown FROM check_result cr JOIN run r ON r.id = cr.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :from AND r.finished_at < :to AND cr.check_name = ANY(:checks) "
                        + "GROUP BY 1 ORDER BY count(*) FILTER (WHERE cr.status = 'ok')::float / count(*), 1")
                .bind("system", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to)).bindArray("checks", String.class, List.copyOf(checks))
                .map((rs, ctx) -> new Tally(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))).list());
    }

    /** How one check's runs went in a period and in the one before it. */
    public record Availability(String check, long runs, long ok, long runsBefore, long okBefore) {
    }

    /** The runs of {@code checks} in [{@code from}, {@code to}) and in [{@code before}, {@code from}), by check. */
    public List<Availability> availability(Collection<String> checks, Instant before, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT cr.check_name, count(*) FILTER (WHERE r.finished_at >= :from) AS runs, "
                        + "count(*) FILTER (WHERE r.finished_at >= :from AND cr.status = 'ok') AS ok, count(*) FILTER (WHERE r.finished_at < :from) AS runs_before, "
                        + "count(*) FILTER (WHERE r.finished_at < :from AND cr.status = 'ok') AS ok_before FROM check_result cr JOIN run r ON r.id = cr.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :prev AND r.finished_at < :to AND cr.check_name = ANY(:checks) GROUP BY 1 ORDER BY 1")
                .bind("system", system).bind("prev", Timestamp.from(before)).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .bindArray("checks", String.class, List.copyOf(checks))
                .map((rs, ctx) -> new Availability(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))).list());
    }

    /** Findings of one kind in a period: how often, when last, and the latest message. */
    public record FindingTally(String check, String code, String subject, String severity, long count, Instant last, String message) {
    }

    /** The findings of {@code checks} in the period, the most severe and most frequent first, at most {@code limit}. */
    public List<FindingTally> worstFindings(Collection<String> checks, Instant from, Instant to, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT f.check_name, f.code, f.subject, f.severity, count(*) AS n, max(r.finished_at) AS last, "
                        + "(array_agg(f.message ORDER BY r.finished_at DESC))[1] AS message FROM finding f JOIN run r ON r.id = f.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :from AND r.finished_at < :to AND f.check_name = ANY(:checks) "
                        + "GROUP BY 1, 2, 3, 4 ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, count(*) DESC, 1, 2, 3 "
                        + "LIMIT :limit")
                .bind("system", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to)).bindArray("checks", String.class, List.copyOf(checks))
                .bind("limit", limit).map((rs, ctx) -> tally(rs)).list());
    }

    /** The security findings of the period (codes {@code security.*} and privileged roles), the most frequent first. */
    public List<FindingTally> securityFindings(Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT NULL AS check_name, f.code, f.subject, f.severity, count(*) AS n, max(r.finished_at) AS last, "
                        + "(array_agg(f.message ORDER BY r.finished_at DESC))[1] AS message FROM finding f JOIN run r ON r.id = f.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :from AND r.finished_at < :to AND (f.code LIKE 'security.%' "
                        + "OR f.code = 'caretaker.privileged_role') GROUP BY 2, 3, 4 ORDER BY 5 DESC, 2, 3")
                .bind("system", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to)).map((rs, ctx) -> tally(rs)).list());
    }

    private static FindingTally tally(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new FindingTally(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getTimestamp(6).toInstant(),
                rs.getString(7));
    }

    /** One value at one time. */
    public record Point(Instant at, double value) {
    }

    /** The system's health score after each run of the period, oldest first. */
    public List<Point> health(Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT finished_at, coalesce(system_health, health_score) FROM run "
                        + "WHERE system = :system AND finished_at >= :from AND finished_at < :to ORDER BY finished_at")
                .bind("system", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> new Point(rs.getTimestamp(1).toInstant(), rs.getDouble(2))).list());
    }

    /** One series of one check in one period: mean, 95th percentile, count, and (when asked) its first and last value. */
    public record SeriesStats(String check, String metric, Map<String, String> labels, boolean current, double mean, double p95, long count,
                              double first, double last) {
        SeriesStats withEnds(double first, double last) {
            return new SeriesStats(check, metric, labels, current, mean, p95, count, first, last);
        }
    }

    /**
     * Every series of {@code metrics} of {@code checks} in [{@code before}, {@code to}), split at {@code from} into the period
     * ({@code current}) and the one before it, from the raw rows; with first and last values for {@code growth} metrics.
     */
    public List<SeriesStats> series(Collection<String> checks, Collection<String> metrics, Collection<String> growth, Instant before, Instant from,
                                    Instant to) {
        List<SeriesStats> out = new ArrayList<>(jdbi.withHandle(h -> h.createQuery("SELECT m.check_name, m.metric, m.labels::text AS labels, "
                        + "m.at >= :from AS current, avg(m.value) AS mean, percentile_cont(0.95) WITHIN GROUP (ORDER BY m.value) AS p95, count(*) AS n "
                        + "FROM measurement m JOIN run r ON r.id = m.run_id WHERE r.system = :system AND m.at >= :prev AND m.at < :to "
                        + "AND m.check_name = ANY(:checks) AND m.metric = ANY(:metrics) GROUP BY 1, 2, 3, 4")
                .bind("system", system).bind("prev", Timestamp.from(before)).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .bindArray("checks", String.class, List.copyOf(checks)).bindArray("metrics", String.class, List.copyOf(metrics))
                .map((rs, ctx) -> new SeriesStats(rs.getString(1), rs.getString(2), StoredJson.labels(rs.getString(3)), rs.getBoolean(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getLong(7), Double.NaN, Double.NaN)).list()));
        List<String> growing = metrics.stream().filter(growth::contains).toList();
        if (growing.isEmpty()) {
            return out;
        }
        Map<List<Object>, double[]> ends = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT DISTINCT ON (1, 2, 3, 4) check_name, metric, labels, current, first_value(value) OVER w, "
                        + "last_value(value) OVER w FROM (SELECT m.check_name, m.metric, m.labels::text AS labels, m.at >= :from AS current, m.value, m.at "
                        + "FROM measurement m JOIN run r ON r.id = m.run_id WHERE r.system = :system AND m.at >= :prev AND m.at < :to "
                        + "AND m.check_name = ANY(:checks) AND m.metric = ANY(:metrics)) x WINDOW w AS (PARTITION BY check_name, metric, labels, current "
                        + "ORDER BY at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY 1, 2, 3, 4")
                .bind("system", system).bind("prev", Timestamp.from(before)).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .bindArray("checks", String.class, List.copyOf(checks)).bindArray("metrics", String.class, growing)
                .map((rs, ctx) -> Map.entry(List.<Object>of(rs.getString(1), rs.getString(2), StoredJson.labels(rs.getString(3)), rs.getBoolean(4)),
                        new double[] {rs.getDouble(5), rs.getDouble(6)}))
                .forEach(e -> ends.put(e.getKey(), e.getValue())));
        out.replaceAll(s -> {
            double[] e = ends.get(List.of(s.check(), s.metric(), s.labels(), s.current()));
            return e == null ? s : s.withEnds(e[0], e[1]);
        });
        return out;
    }

    /** The mean of one series over [{@code from}, {@code to}) from the hourly rollups. */
    public record Mean(String check, String metric, Map<String, String> labels, double mean) {
    }

    /** The means of every series of {@code metrics} of {@code checks} over [{@code from}, {@code to}), from the hourly rollups. */
    public List<Mean> means(Collection<String> checks, Collection<String> metrics, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT check_name, metric, labels::text, sum(sum) / sum(count) FROM measurement_rollup "
                        + "WHERE system = :system AND resolution = '1h' AND bucket >= :bfrom AND bucket < :from AND check_name = ANY(:checks) "
                        + "AND metric = ANY(:metrics) GROUP BY 1, 2, 3")
                .bind("system", system).bind("bfrom", Timestamp.from(from)).bind("from", Timestamp.from(to))
                .bindArray("checks", String.class, List.copyOf(checks)).bindArray("metrics", String.class, List.copyOf(metrics))
                .map((rs, ctx) -> new Mean(rs.getString(1), rs.getString(2), StoredJson.labels(rs.getString(3)), rs.getDouble(4))).list());
    }
}
