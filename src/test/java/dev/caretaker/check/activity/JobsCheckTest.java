package dev.caretaker.check.activity;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Status;
import dev.caretaker.config.CronExpression;
import dev.caretaker.config.JobsCheckConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabases.class)
class JobsCheckTest {
    static final String TABLE = """
            CREATE TABLE job_runs (id bigserial PRIMARY KEY, job text NOT NULL, status text NOT NULL,
                                   started_at timestamptz NOT NULL, finished_at timestamptz, error text)""";

    static String config(String jobs) {
        return """
                databases:
                  app:
                    url: ${DB}
                checks:
                  jobs:
                    type: jobs
                    database: app
                    table: job_runs
                    name_column: job
                    finished_column: finished_at
                    error_column: error
                    jobs:
                """ + jobs.indent(6);
    }

    /** Hourly runs of {@code job} for the last {@code hours} hours, every {@code failEvery}-th one failed (0: none). */
    static String hourly(String job, int hours, int failEvery, int startHoursAgo) {
        return """
                INSERT INTO job_runs (job, status, started_at, finished_at, error)
                SELECT '%1$s', CASE WHEN %3$d > 0 AND g %% %3$d = 0 THEN 'failed' ELSE 'success' END,
                       now() - make_interval(hours => g + %4$d), now() - make_interval(hours => g + %4$d) + interval '40 seconds',
                       CASE WHEN %3$d > 0 AND g %% %3$d = 0 THEN 'GraphQL 429: throttled' END
                FROM generate_series(0, %2$d - 1) g""".formatted(job, hours, failEvery, startHoursAgo);
    }

    @Test
    void healthy_hourly_jobs_raise_nothing_and_are_measured(TestDatabase db) {
        db.exec(TABLE, hourly("order-import", 48, 0, 0));
        CheckResult r = db.run(db.config(config("order-import: {every: 1h}")), "jobs");
        assertThat(r.findings()).isEmpty();
        assertThat(r.error()).isNull();
        assertThat(r.measurements()).extracting(Measurement::metric)
                .contains("jobs.runs", "jobs.success_rate_percent", "jobs.last_success_age_seconds", "jobs.duration_p95_seconds");
    }

    @Test
    void a_job_that_stopped_is_stale_and_critical_after_three_missed_periods(TestDatabase db) {
        db.exec(TABLE, hourly("late", 24, 0, 2), hourly("stopped", 24, 0, 5));
        CheckResult r = db.run(db.config(config("late: {every: 1h}\nstopped: {every: 1h}\nnever: {every: 1h}")), "jobs");
        assertThat(of(r, "jobs.stale")).extracting(Finding::subject).containsExactlyInAnyOrder("late", "stopped", "never");
        assertThat(of(r, "jobs.stale")).filteredOn(f -> f.subject().equals("late")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(of(r, "jobs.stale")).filteredOn(f -> f.subject().equals("stopped")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(of(r, "jobs.stale")).filteredOn(f -> f.subject().equals("never")).singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("last_run", "never"));
    }

    @Test
    void a_failing_job_has_its_success_rate_and_last_error(TestDatabase db) {
        db.exec(TABLE, hourly("inventory-sync", 24, 12, 0), hourly("fulfillment-push", 24, 3, 0));
        CheckResult r = db.run(db.config(config("inventory-sync: {every: 1h}\nfulfillment-push: {every: 1h}")), "jobs");
        Finding warning = of(r, "jobs.failure_rate").stream().filter(f -> f.subject().equals("inventory-sync")).findFirst().orElseThrow();
        assertThat(warning.severity()).isEqualTo(Severity.WARNING); // 22 of 24: 91.7 %, under the 95 % target
        Finding critical = of(r, "jobs.failure_rate").stream().filter(f -> f.subject().equals("fulfillment-push")).findFirst().orElseThrow();
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.evidence()).containsEntry("last_error", "GraphQL 429: throttled");
    }

    @Test
    void an_unlisted_job_is_info(TestDatabase db) {
        db.exec(TABLE, hourly("order-import", 5, 0, 0), hourly("surprise", 3, 0, 0));
        CheckResult r = db.run(db.config(config("order-import: {every: 1h}")), "jobs");
        assertThat(one(r, "jobs.unlisted").subject()).isEqualTo("surprise");
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void cron_expectations_follow_the_schedule_and_its_grace() {
        JobsCheckConfig.Job nightly = new JobsCheckConfig.Job("nightly", null, CronExpression.parse("0 2 * * *"), null, 95);
        Instant now = Instant.parse("2026-11-22T16:00:00Z"); // past today's 02:00 run and its 12 h grace
        JobsCheck.Expectation e = JobsCheck.expectation(nightly, now, ZoneOffset.UTC);
        assertThat(e.due()).isEqualTo(Instant.parse("2026-11-22T01:59:00Z"));
        assertThat(e.critical()).isEqualTo(Instant.parse("2026-11-20T01:59:00Z"));
        assertThat(e.grace()).isEqualTo(Duration.ofHours(12));
        JobsCheck.Expectation early = JobsCheck.expectation(nightly, Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC);
        assertThat(early.due()).as("today's run is still within its grace").isEqualTo(Instant.parse("2026-11-21T01:59:00Z"));
        assertThat(CronExpression.parse("0 2 * * SUN").previous(now.atZone(ZoneOffset.UTC)).toInstant())
                .isEqualTo(Instant.parse("2026-11-22T02:00:00Z"));
    }
}
