package dev.caretaker.check.activity;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The judgement of {@code type: jobs}, whatever holds the runs (the app's table, GitHub Actions): a job is stale when its
 * last run is older than its schedule allows, and failing when too few runs of the window succeeded. {@code what} names the
 * job in the message ("job nightly-import", "workflow Deploy in acme/shop"); {@code more} is evidence the source adds.
 */
final class JobsJudge {
    /** One job's runs in the window: how many, how many succeeded, the last success and the 95th percentile duration. */
    record Runs(long runs, long successes, Instant lastSuccess, Double p95Seconds) {
    }

    private JobsJudge() {
    }

    /** Records the job's measurements, labelled with its subject as {@code job}. */
    static void measure(ResultBuilder out, String check, String subject, Runs r, Instant now) {
        out.measure("jobs.runs", r.runs(), "check", check, "job", subject);
        if (r.lastSuccess() != null) {
            out.measure("jobs.last_success_age_seconds", Duration.between(r.lastSuccess(), now).toSeconds(), "check", check,
                    "job", subject);
        }
        if (r.p95Seconds() != null) {
            out.measure("jobs.duration_p95_seconds", Math.round(r.p95Seconds() * 10) / 10.0, "check", check, "job", subject);
        }
        if (r.runs() > 0) {
            out.measure("jobs.success_rate_percent", Math.round(rate(r) * 10) / 10.0, "check", check, "job", subject);
        }
    }

    /** Whether the runs fall short of the job's success target (what {@link #failureRate} finds). */
    static boolean failing(JobsCheckConfig.Job job, Runs r) {
        return r.runs() > 0 && rate(r) < job.minSuccessRate();
    }

    /** {@code jobs.failure_rate} when the share of successful runs is under the job's target; critical under 90 %. */
    static void failureRate(ResultBuilder out, JobsCheckConfig.Job job, String subject, String what, Duration window, Runs r,
                            Map<String, Object> more, String lastError) {
        if (r.runs() == 0) {
            return;
        }
        double rate = rate(r);
        double critical = Math.min(JobsCheckConfig.CRITICAL_SUCCESS_RATE, job.minSuccessRate());
        Severity s = rate < critical ? Severity.CRITICAL : rate < job.minSuccessRate() ? Severity.WARNING : null;
        if (s == null) {
            return;
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("runs", r.runs());
        ev.put("successes", r.successes());
        ev.put("success_rate_percent", Math.round(rate * 10) / 10.0);
        ev.put("min_success_rate_percent", job.minSuccessRate());
        if (lastError != null) {
            ev.put("last_error", lastError);
        }
        ev.putAll(more);
        out.find(new Finding("jobs.failure_rate", s, subject, String.format(Locale.ROOT,
                "%s succeeded in %d of %d runs (%.1f%%, target %.0f%%) in the last %s%s", what, r.successes(), r.runs(), rate,
                job.minSuccessRate(), Units.humanDuration(window), lastError == null ? "" : "; last error: " + lastError), ev));
    }

    /** {@code jobs.stale} when the last run ({@code null}: never) is before the expectation's due time; critical past three. */
    static void stale(ResultBuilder out, JobsCheckConfig.Job job, String subject, String what, JobsCheck.Expectation e, Instant last,
                      Instant now, Map<String, Object> more) {
        if (last != null && !last.isBefore(e.due())) {
            return;
        }
        Severity s = last == null || last.isBefore(e.critical()) ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("last_run", last == null ? "never" : last.toString());
        ev.put("schedule", job.every() != null ? "every " + Units.formatDuration(job.every()) : "cron " + job.cron());
        ev.put("grace", Units.formatDuration(e.grace()));
        ev.put("expected_by", e.due().toString());
        ev.putAll(more);
        String when = last == null ? "has never run" : "last ran " + Units.humanDuration(Duration.between(last, now)) + " ago";
        out.find(new Finding("jobs.stale", s, subject, what + " " + when + " (" + ev.get("schedule")
                + ", grace " + ev.get("grace") + ")" + (s == Severity.CRITICAL ? "; three or more runs are missing" : ""), ev));
    }

    /** The 95th percentile with linear interpolation, as PostgreSQL's {@code percentile_cont(0.95)}; null for no values. */
    static Double p95(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = 0.95 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    private static double rate(Runs r) {
        return 100.0 * r.successes() / r.runs();
    }
}
