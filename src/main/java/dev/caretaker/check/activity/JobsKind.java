package dev.caretaker.check.activity;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CronExpression;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.Units;
import dev.caretaker.guard.CheckGrants;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code type: jobs}: background job runs recorded in a table of the app, each expected job with its cadence and success target. */
public final class JobsKind implements CheckKind {
    /** The keys of one expected job under {@code jobs}. */
    public static final List<String> JOB_KEYS = List.of("every", "cron", "grace", "min_success_rate");
    private static final List<Metric> METRICS = List.of(
            Metric.of("jobs.runs", "runs", "runs of the job in the window", "job"),
            Metric.of("jobs.success_rate_percent", "percent", "runs of the window that succeeded", "job"),
            Metric.of("jobs.last_success_age_seconds", "seconds", "time since the last successful run", "job"),
            Metric.of("jobs.duration_p95_seconds", "seconds", "95th percentile of run durations in the window", "job"),
            GithubActionsSource.RATE_LIMIT);
    private static final List<GithubActionsSource> SOURCES = List.of(new GithubActionsSource());

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "table", "name_column", "status_column", "time_column", "finished_column", "error_column",
                "success_values", "window", "jobs");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String db = draft.database(s);
        String table = s.required("table").orElse(null);
        List<String> success = s.has("success_values") ? s.strings("success_values").stream().map(String::toLowerCase).toList()
                : JobsCheckConfig.DEFAULT_SUCCESS_VALUES;
        Map<String, JobsCheckConfig.Job> jobs = new LinkedHashMap<>();
        Section named = s.named("jobs");
        for (String name : named.names()) {
            jobs.put(name, job(name, named.section(name, JOB_KEYS)));
        }
        return new JobsCheckConfig(this, draft.name(), draft.description(), db, table, s.string("name_column", "name"),
                s.string("status_column", "status"), s.string("time_column", "started_at"), s.string("finished_column", null),
                s.string("error_column", null), success, s.duration("window", JobsCheckConfig.DEFAULT_WINDOW, Duration.ofMinutes(1),
                Duration.ofDays(400)), jobs, draft.timezone());
    }

    private static JobsCheckConfig.Job job(String name, Section j) {
        Optional<Duration> every = Optional.ofNullable(j.duration("every", null, Duration.ofSeconds(1), Duration.ofDays(400)));
        Optional<CronExpression> cron = j.parsed("cron", CronExpression::parse);
        if (every.isPresent() == cron.isPresent() && !j.has("every") && !j.has("cron")) {
            j.problem("job '" + name + "' needs 'every' (e.g. 1h) or 'cron' (e.g. \"0 * * * *\")");
        } else if (j.has("every") && j.has("cron")) {
            j.problem("cron", "job '" + name + "' has both 'every' and 'cron'; keep one");
        }
        Duration period = every.orElse(Duration.ofHours(1));
        Duration defaultGrace = Duration.ofMillis(Math.max(JobsCheckConfig.MIN_GRACE.toMillis(), period.toMillis() / 2));
        Duration grace = j.duration("grace", cron.isPresent() ? null : defaultGrace, Duration.ZERO, Duration.ofDays(400));
        double rate = j.parsed("min_success_rate", Units::parsePercent).orElse(JobsCheckConfig.DEFAULT_MIN_SUCCESS_RATE);
        return new JobsCheckConfig.Job(name, every.orElse(null), cron.orElse(null), grace, rate);
    }

    /** {@code source: github-actions}: workflow runs from GitHub's REST API instead of a table. */
    @Override
    public List<GithubActionsSource> sources() {
        return SOURCES;
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new JobsCheck((JobsCheckConfig) config);
    }

    @Override
    public void grants(CheckConfig config, CheckGrants grants) throws SQLException {
        grants.select(((JobsCheckConfig) config).table());
    }
}
