package dev.caretaker.check.activity;

import dev.caretaker.check.Catalog;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.DatabaseCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Sql;
import dev.caretaker.check.SqlResource;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.Units;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code type: jobs}: background jobs recorded in a table of the app. A listed job is stale when its last run
 * is older than its schedule allows, and failing when too few runs of the window succeeded.
 */
public final class JobsCheck extends DatabaseCheck<JobsCheckConfig> {
    static final Duration EARLY_START = Duration.ofMinutes(1);

    public JobsCheck(JobsCheckConfig config) {
        super(config);
    }

    /** When a job should last have run, and when three missed runs began. */
    record Expectation(Instant due, Instant critical, Duration period, Duration grace) {
    }

    @Override
    protected void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException {
        Instant now = context.clock().instant();
        Catalog.Table table = Catalog.read(c).table(config.table());
        Map<String, String> sql = new HashMap<>();
        sql.put("table", table.quoted());
        sql.put("name", Catalog.column(table, config.nameColumn()));
        sql.put("status", Catalog.column(table, config.statusColumn()));
        sql.put("time", Catalog.column(table, config.timeColumn()));
        sql.put("seconds", config.finishedColumn() == null ? "NULL::float8"
                : "extract(epoch FROM (t." + Catalog.column(table, config.finishedColumn()) + " - t." + sql.get("time") + "))");
        sql.put("success_values", config.successValues().stream().map(SqlResource::literal).collect(Collectors.joining(", ")));
        sql.put("window_seconds", String.valueOf(config.window().toSeconds()));
        Map<String, Expectation> expected = new LinkedHashMap<>();
        Instant oldest = now.minus(config.window());
        for (JobsCheckConfig.Job job : config.jobs().values()) {
            Expectation e = expectation(job, now, config.timezone());
            expected.put(job.name(), e);
            oldest = e.critical().isBefore(oldest) ? e.critical() : oldest;
        }
        sql.put("lookback_seconds", String.valueOf(Duration.between(oldest, now).plusHours(1).toSeconds()));
        Map<String, Row> byJob = new HashMap<>();
        for (Row r : Sql.query(c, SqlResource.fill("jobs/runs.sql", sql))) {
            byJob.put(r.str("job"), r);
        }
        Map<String, String> lastErrors = config.errorColumn() == null ? Map.of() : lastErrors(c, table, sql);
        for (JobsCheckConfig.Job job : config.jobs().values()) {
            Row r = byJob.get(job.name());
            judgeStaleness(c, sql, job, expected.get(job.name()), r, now, out);
            if (r != null) {
                judgeRuns(job, r, lastErrors.get(job.name()), now, out);
            }
        }
        byJob.keySet().stream().filter(j -> !config.jobs().containsKey(j) && byJob.get(j).lng("runs") > 0).sorted()
                .forEach(j -> out.find(new Finding("jobs.unlisted", Severity.INFO, j, "job " + j + " ran "
                        + byJob.get(j).lng("runs") + " time(s) in the last " + Units.humanDuration(config.window())
                        + " but is not listed under 'jobs'; add it to watch its schedule", Map.of("runs", byJob.get(j).lng("runs")))));
    }

    static Expectation expectation(JobsCheckConfig.Job job, Instant now, java.time.ZoneId zone) {
        if (job.every() != null) {
            Duration grace = job.grace();
            return new Expectation(now.minus(job.every()).minus(grace), now.minus(job.every().multipliedBy(3)).minus(grace),
                    job.every(), grace);
        }
        var f1 = job.cron().previous(now.atZone(zone));
        var f2 = f1 == null ? null : job.cron().previous(f1.minusMinutes(1));
        var f3 = f2 == null ? null : job.cron().previous(f2.minusMinutes(1));
        if (f3 == null) {
            throw new IllegalArgumentException("job " + job.name() + ": cron '" + job.cron() + "' never fires");
        }
        Duration period = Duration.between(f2, f1);
        Duration grace = job.grace() != null ? job.grace()
                : Duration.ofMillis(Math.max(JobsCheckConfig.MIN_GRACE.toMillis(), period.toMillis() / 2));
        // the run due at f1 counts as missed only once its grace has passed
        var due = f1.toInstant().plus(grace).isAfter(now) ? f2 : f1;
        var critical = f1.toInstant().plus(grace).isAfter(now) ? job.cron().previous(f3.minusMinutes(1)) : f3;
        return new Expectation(due.toInstant().minus(EARLY_START), critical.toInstant().minus(EARLY_START), period, grace);
    }

    private void judgeStaleness(Connection c, Map<String, String> sql, JobsCheckConfig.Job job, Expectation e, Row r,
                                Instant now, ResultBuilder out) throws SQLException {
        Instant last = r == null ? lastRunEver(c, sql, job.name()) : r.instant("last_run");
        JobsJudge.stale(out, job, job.name(), "job " + job.name(), e, last, now, Map.of());
    }

    private Instant lastRunEver(Connection c, Map<String, String> sql, String job) throws SQLException {
        Map<String, String> one = new HashMap<>(sql);
        one.put("job", SqlResource.literal(job));
        List<Row> rows = Sql.query(c, SqlResource.fill("jobs/last_run.sql", one));
        return rows.isEmpty() ? null : rows.get(0).instant("last_run");
    }

    private void judgeRuns(JobsCheckConfig.Job job, Row r, String lastError, Instant now, ResultBuilder out) {
        JobsJudge.Runs runs = new JobsJudge.Runs(r.lng("runs"), r.lng("successes"), r.instant("last_success"),
                r.isNull("p95_seconds") ? null : r.dbl("p95_seconds"));
        JobsJudge.measure(out, name(), job.name(), runs, now);
        JobsJudge.failureRate(out, job, job.name(), "job " + job.name(), config.window(), runs, Map.of(), lastError);
    }

    private Map<String, String> lastErrors(Connection c, Catalog.Table table, Map<String, String> sql) throws SQLException {
        Map<String, String> one = new HashMap<>(sql);
        one.put("error", Catalog.column(table, config.errorColumn()));
        Map<String, String> out = new HashMap<>();
        for (Row r : Sql.query(c, SqlResource.fill("jobs/last_errors.sql", one))) {
            out.put(r.str("job"), r.str("error"));
        }
        return out;
    }

    @Override
    protected void prepare(Connection c, CheckContext context, List<dev.caretaker.check.Readiness> out) throws SQLException {
        new dev.caretaker.check.TableAccess(c, name(), out).readable(config.table(), config.nameColumn(), config.statusColumn(),
                config.timeColumn(), config.finishedColumn(), config.errorColumn());
    }
}
