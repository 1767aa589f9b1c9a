package dev.caretaker.history;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Capacity forecasts on a run before it is stored: for each growth series the run measured whose limit is known — a
 * connection, sequence or transaction-ID percentage (limit 100 %), a database's size against its check's
 * {@code database_size.max} — a Theil–Sen trend over the hourly rollups of the last {@link #WINDOW} and the value now.
 * A series projected to reach its limit within {@link #HORIZON} gets a {@code capacity.forecast} finding on the check that
 * measured it: a warning, critical within {@link #URGENT}. Nothing while the series has less than {@link #MIN_HISTORY}.
 */
public final class LongView {
    public static final Duration WINDOW = Duration.ofDays(30);
    public static final Duration HORIZON = Duration.ofDays(30);
    public static final Duration URGENT = Duration.ofDays(7);
    public static final Duration MIN_HISTORY = Duration.ofDays(3);
    static final Map<String, Double> PERCENT_LIMITS = Map.of("postgres.connection_usage_percent", 100.0, "postgres.sequence_used_percent", 100.0,
            "postgres.xid_age_percent", 100.0);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final Rollups rollups;

    public LongView(Rollups rollups) {
        this.rollups = rollups;
    }

    /** The run with a {@code capacity.forecast} finding added to each check whose growth series will reach its limit. */
    public RunResult forecast(RunResult run, CaretakerConfig config) {
        Instant now = run.finishedAt();
        List<CheckResult> results = new ArrayList<>();
        boolean changed = false;
        for (CheckResult r : run.results()) {
            List<Finding> added = new ArrayList<>();
            // one read of the rollups per metric, whatever the number of its series (a database has many sequences)
            Map<String, Map<Map<String, String>, List<Trends.Point>>> history = new LinkedHashMap<>();
            for (Measurement m : r.measurements()) {
                OptionalDouble limit = limit(config.checks().get(r.name()), m);
                if (limit.isPresent()) {
                    List<Trends.Point> past = history.computeIfAbsent(m.metric(), metric -> hourly(run.system(), r.name(), metric, now))
                            .getOrDefault(new TreeMap<>(m.labels()), List.of());
                    forecast(r.name(), m, past, limit.getAsDouble(), now, config.timezone()).ifPresent(added::add);
                }
            }
            if (added.isEmpty()) {
                results.add(r);
            } else {
                changed = true;
                List<Finding> findings = new ArrayList<>(r.findings());
                findings.addAll(added);
                Status status = r.status();
                for (Finding f : added) {
                    status = status.worse(f.severity() == Severity.CRITICAL ? Status.CRITICAL : Status.WARNING);
                }
                results.add(new CheckResult(r.name(), r.type(), status, r.durationMs(), r.error(), r.measurements(), findings, r.unjudged()));
            }
        }
        return changed ? RunResult.of(run.system(), run.suite(), run.startedAt(), run.finishedAt(), results) : run;
    }

    /** The known limit of a measured series, if it has one. */
    static OptionalDouble limit(CheckConfig check, Measurement m) {
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

    /** The hourly means of every series of {@code metric} over the {@link #WINDOW}, by label set, oldest first. */
    private Map<Map<String, String>, List<Trends.Point>> hourly(String system, String check, String metric, Instant now) {
        Map<Map<String, String>, List<Trends.Point>> out = new LinkedHashMap<>();
        for (Rollups.Bucket b : rollups.series(system, check, metric, Rollups.Resolution.HOUR, Duration.ofHours(1), now.minus(WINDOW), now)) {
            out.computeIfAbsent(new TreeMap<>(b.labels()), k -> new ArrayList<>()).add(new Trends.Point(b.at().plus(Duration.ofMinutes(30)), b.mean()));
        }
        return out;
    }

    private Optional<Finding> forecast(String check, Measurement m, List<Trends.Point> past, double limit, Instant now, ZoneId zone) {
        Map<String, String> labels = new TreeMap<>(m.labels());
        List<Trends.Point> points = new ArrayList<>(past);
        if (points.isEmpty() || Duration.between(points.get(0).at(), now).compareTo(MIN_HISTORY) < 0) {
            return Optional.empty();
        }
        points.add(new Trends.Point(now, m.value()));
        Optional<Trends.Line> line = Trends.theilSen(points);
        if (line.isEmpty()) {
            return Optional.empty();
        }
        return Trends.reach(line.get(), limit, now, HORIZON).map(p -> {
            boolean bytes = m.metric().endsWith("_bytes");
            String subject = labels.getOrDefault("sequence", labels.getOrDefault("database", check));
            long days = Math.max(0, Duration.between(now, p.at()).toDays());
            String message = what(m.metric(), subject) + " reaches " + amount(limit, bytes) + " around " + DAY.format(p.at().atZone(zone))
                    + ", in " + days + (days == 1 ? " day" : " days") + "; growing " + amount(p.perDay(), bytes) + "/day (now " + amount(m.value(), bytes) + ")";
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("metric", m.metric());
            evidence.put("labels", labels);
            evidence.put("now", m.value());
            evidence.put("limit", limit);
            evidence.put("per_day", p.perDay());
            evidence.put("reaches_at", p.at().toString());
            evidence.put("earliest", p.earliest().toString());
            evidence.put("latest", p.latest().toString());
            evidence.put("points", points.size());
            Severity severity = Duration.between(now, p.at()).compareTo(URGENT) <= 0 ? Severity.CRITICAL : Severity.WARNING;
            return new Finding("capacity.forecast", severity, subject, message, evidence);
        });
    }

    private static String what(String metric, String subject) {
        return switch (metric) {
            case "postgres.database_bytes" -> "database " + subject;
            case "postgres.connection_usage_percent" -> "connections of " + subject;
            case "postgres.sequence_used_percent" -> "sequence " + subject;
            case "postgres.xid_age_percent" -> "transaction-ID age of " + subject;
            default -> metric + " of " + subject;
        };
    }

    private static String amount(double v, boolean bytes) {
        return bytes ? Units.formatBytes(v) : String.format(Locale.ROOT, "%.1f %%", v);
    }
}
