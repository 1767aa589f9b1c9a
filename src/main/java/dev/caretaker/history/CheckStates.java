package dev.caretaker.history;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.Severity;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * How each check stands, as the runs {@link RunHistory} saved left it: the latest state of every check, one check's latest
 * result, its recent statuses, and its runs by day. Every surface (CLI, API, dashboard, status page, metrics, scheduler)
 * reads a check's standing here, so they all say the same.
 */
public final class CheckStates {
    /** The pseudo-status of a check that has not run yet; it makes no system worse. */
    public static final String PENDING = "pending";

    /** A check's latest state: its status, the run that set it and when; {@code status} null while it is pending. */
    public record CheckState(String check, String type, Status status, Long runId, Instant finishedAt) {
        public static CheckState pending(String check, String type) {
            return new CheckState(check, type, null, null, null);
        }

        public boolean pending() {
            return status == null;
        }

        /** {@code ok}, {@code warning}, {@code critical}, {@code unknown} or {@code pending}. */
        public String label() {
            return status == null ? PENDING : status.label();
        }
    }

    /** One run of a check: what its status strip shows. */
    public record Mark(long runId, Status status, Instant finishedAt) {
    }

    /** One day of a check's runs: how many there were and how many of them were down. */
    public record Day(LocalDate day, long runs, long down) {
    }

    private final Jdbi jdbi;

    public CheckStates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The worst status of the checks that have run, in {@link Status#worse}'s order; empty when none has run. */
    public static Optional<Status> overall(Collection<CheckState> states) {
        return states.stream().filter(s -> !s.pending()).map(CheckState::status).reduce(Status::worse);
    }

    /** The label of {@link #overall}: {@code pending} while no check has run. */
    public static String overallLabel(Collection<CheckState> states) {
        return overall(states).map(Status::label).orElse(PENDING);
    }

    /** Every check of {@code system} that has run, by name. */
    public Map<String, CheckState> all(String system) {
        Map<String, CheckState> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT check_name, check_type, status, run_id, finished_at FROM check_state WHERE system = :s "
                        + "ORDER BY check_name").bind("s", system)
                .map((rs, ctx) -> new CheckState(rs.getString(1), rs.getString(2), status(rs.getString(3)), rs.getLong(4),
                        rs.getTimestamp(5).toInstant()))
                .forEach(s -> out.put(s.check(), s)));
        return out;
    }

    /** The state of each of {@code checks} (name → type), pending for those that have not run; in the order given. */
    public List<CheckState> of(String system, Map<String, String> checks) {
        Map<String, CheckState> known = all(system);
        List<CheckState> out = new ArrayList<>();
        checks.forEach((name, type) -> out.add(known.getOrDefault(name, CheckState.pending(name, type))));
        return out;
    }

    /** One check's state, pending when it has not run. */
    public CheckState of(String system, String check, String type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT check_name, check_type, status, run_id, finished_at FROM check_state "
                        + "WHERE system = :s AND check_name = :c").bind("s", system).bind("c", check)
                .map((rs, ctx) -> new CheckState(rs.getString(1), rs.getString(2), status(rs.getString(3)), rs.getLong(4),
                        rs.getTimestamp(5).toInstant()))
                .findOne().orElse(CheckState.pending(check, type)));
    }

    /** The check's latest stored result, with its measurements and findings; empty while it is pending. */
    public Optional<CheckResult> latestResult(String system, String check) {
        return jdbi.withHandle(h -> h.createQuery("SELECT s.run_id, s.finished_at, cr.check_type, cr.status, cr.duration_ms, cr.error "
                        + "FROM check_state s JOIN check_result cr ON cr.run_id = s.run_id AND cr.check_name = s.check_name "
                        + "WHERE s.system = :s AND s.check_name = :c").bind("s", system).bind("c", check)
                .map((rs, ctx) -> {
                    long run = rs.getLong(1);
                    Timestamp at = rs.getTimestamp(2);
                    List<Measurement> measurements = h.createQuery("SELECT metric, labels::text, value FROM measurement "
                                    + "WHERE run_id = :r AND at = :at AND check_name = :c ORDER BY ctid").bind("r", run).bind("at", at).bind("c", check)
                            .map((m, x) -> new Measurement(m.getString(1), StoredJson.labels(m.getString(2)), m.getDouble(3))).list();
                    List<Finding> findings = h.createQuery("SELECT code, severity, subject, message, evidence::text FROM finding "
                                    + "WHERE run_id = :r AND check_name = :c ORDER BY ctid").bind("r", run).bind("c", check)
                            .map((f, x) -> new Finding(f.getString(1), Severity.parse(f.getString(2)), f.getString(3), f.getString(4),
                                    StoredJson.evidence(f.getString(5)))).list();
                    return new CheckResult(check, rs.getString(3), status(rs.getString(4)), rs.getLong(5), rs.getString(6), measurements, findings);
                }).findOne());
    }

    /**
     * Every check's latest status and measurements as the last run left them (findings left out): what a node that just
     * started serves on {@code /metrics}.
     */
    public List<CheckResult> latestMeasured(String system) {
        Map<String, CheckState> states = all(system);
        Map<String, List<Measurement>> measured = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT s.check_name, m.metric, m.labels::text, m.value FROM check_state s "
                        + "JOIN measurement m ON m.run_id = s.run_id AND m.at = s.finished_at AND m.check_name = s.check_name WHERE s.system = :s")
                .bind("s", system)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new Measurement(rs.getString(2), StoredJson.labels(rs.getString(3)), rs.getDouble(4))))
                .forEach(e -> measured.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        return states.values().stream().map(s -> new CheckResult(s.check(), s.type(), s.status(), 0, null,
                measured.getOrDefault(s.check(), List.of()), List.of())).toList();
    }

    /** A check's result in a span: its status, its run, when, and its finding codes (null without findings). */
    public record Outcome(Status status, long runId, Instant at, String codes) {
    }

    /** The check's latest result that finished in [{@code since}, {@code until}]; empty when it has not run then. */
    public Optional<Outcome> latestBetween(String system, String check, Instant since, Instant until) {
        return jdbi.withHandle(h -> h.createQuery("SELECT cr.status, r.id, r.finished_at, (SELECT string_agg(DISTINCT f.code, ', ') FROM finding f "
                        + "WHERE f.run_id = r.id AND f.check_name = cr.check_name) AS codes FROM check_result cr JOIN run r ON r.id = cr.run_id "
                        + "WHERE r.system = :s AND cr.check_name = :c AND r.finished_at >= :since AND r.finished_at <= :until "
                        + "ORDER BY r.finished_at DESC LIMIT 1")
                .bind("s", system).bind("c", check).bind("since", Timestamp.from(since)).bind("until", Timestamp.from(until))
                .map((rs, ctx) -> new Outcome(status(rs.getString(1)), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4))).findOne());
    }

    /** The check's latest {@code limit} runs, oldest first: its status strip. */
    public List<Mark> strip(String system, String check, int limit) {
        List<Mark> out = new ArrayList<>(jdbi.withHandle(h -> h.createQuery("SELECT cr.run_id, cr.status, r.finished_at FROM check_result cr "
                        + "JOIN run r ON r.id = cr.run_id WHERE r.system = :s AND cr.check_name = :c ORDER BY cr.run_id DESC LIMIT :n")
                .bind("s", system).bind("c", check).bind("n", limit)
                .map((rs, ctx) -> new Mark(rs.getLong(1), status(rs.getString(2)), rs.getTimestamp(3).toInstant())).list()));
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * The runs of {@code checks} since {@code since}, by day in {@code zone}: how many, and how many were down — critical, or
     * with {@code subject}, a critical finding about that subject.
     */
    public Map<LocalDate, Day> days(String system, Collection<String> checks, String subject, Instant since, ZoneId zone) {
        Map<LocalDate, Day> out = new LinkedHashMap<>();
        if (checks.isEmpty()) {
            return out;
        }
        String down = subject == null ? "cr.status = 'critical'"
                : "EXISTS (SELECT 1 FROM finding f WHERE f.run_id = cr.run_id AND f.check_name = cr.check_name AND f.subject = :subject "
                + "AND f.severity = 'critical')";
        jdbi.useHandle(h -> h.createQuery("SELECT (r.finished_at AT TIME ZONE :tz)::date, count(*), count(*) FILTER (WHERE " + down + ") "
                        + "FROM check_result cr JOIN run r ON r.id = cr.run_id WHERE r.system = :s AND cr.check_name IN (<checks>) "
                        + "AND r.finished_at >= :since GROUP BY 1")
                .bind("tz", zone.getId()).bind("s", system).bindList("checks", List.copyOf(checks)).bind("since", Timestamp.from(since))
                .bind("subject", subject)
                .map((rs, x) -> new Day(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3)))
                .forEach(d -> out.put(d.day(), d)));
        return out;
    }

    private static Status status(String stored) {
        return Status.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
