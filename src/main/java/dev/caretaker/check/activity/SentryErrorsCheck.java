package dev.caretaker.check.activity;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Unjudged;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.SentryErrorsConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: errors, source: sentry}: per project, the error events of the last window (Sentry's hourly counts, the hour
 * in progress included) against the same-length windows of the baseline, judged as the table source judges an error log
 * ({@code errors.spike}); the error rate against the projects' transactions where Sentry has any ({@code errors.rate});
 * and each unresolved issue Sentry saw for the first time since the check last looked ({@code errors.new_issue}, once per
 * issue: the issues told of are kept in the store). An API error makes the check unknown in Sentry's own words.
 */
public final class SentryErrorsCheck extends ConfiguredCheck<SentryErrorsConfig> {
    /** Issues are looked up again this far before the last look: Sentry may list an event minutes after it happened. */
    static final Duration INGEST_LAG = Duration.ofHours(1);
    static final Map<String, String> HEADERS = Map.of("Accept", "application/json");

    public SentryErrorsCheck(SentryErrorsConfig config) {
        super(config);
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        ApiClient client = new ApiClient("Sentry", config.api(), HEADERS, name(), context.clock())
                .readScope("Sentry's scopes org:read for projects and event counts, event:read for issues");
        SentryApi api = new SentryApi(client, config.organization());
        Instant now = context.clock().instant();
        try {
            Map<String, String> ids = api.projectIds(config.projects());
            long errors = 0;
            long transactions = 0;
            for (Map.Entry<String, String> p : ids.entrySet()) {
                errors += spike(api, p.getKey(), p.getValue(), now, out);
                transactions += window(api.hourly(p.getValue(), "transaction", windowHours(), windowHours(), now).counts());
            }
            out.measure("errors.count", errors, "check", name());
            rate(errors, transactions, out);
            newIssues(api, List.copyOf(ids.values()), context, now, out);
        } catch (ApiException e) {
            out.error(context.secrets().redact(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.error("interrupted");
        }
        client.rateLimitRemaining().ifPresent(n -> out.measure("api.rate_limit_remaining", n, "check", name(), "source", SentrySource.NAME));
        return out.build();
    }

    private int windowHours() {
        return (int) config.window().toHours();
    }

    private int baselineWindows() {
        return (int) (config.baseline().toHours() / windowHours());
    }

    /** The window's events: the hour in progress and the {@code window} whole hours before it. */
    private long window(long[] hours) {
        return Arrays.stream(hours, 0, windowHours() + 1).sum();
    }

    /** Judges one project's last window against its baseline; returns the window's errors. */
    private long spike(SentryApi api, String project, String id, Instant now, ResultBuilder out) throws ApiException, InterruptedException {
        int w = windowHours();
        int n = baselineWindows();
        SentryApi.Hours hours = api.hourly(id, "error", w * (n + 1), w, now);
        long current = window(hours.counts());
        long[] past = new long[n];
        for (int j = 1; j <= n; j++) {
            past[j - 1] = Arrays.stream(hours.counts(), w * j + 1, w * j + w + 1).sum();
        }
        Baseline b = Baseline.of(past);
        String subject = config.organization() + "/" + project;
        out.measure("errors.window_count", current, "check", name(), "group", project);
        out.measure("errors.baseline_median", b.median(), "check", name(), "group", project);
        // the window holds w whole hours and the part of this hour gone by: the usual count is scaled to the same length
        double elapsed = Duration.between(now.truncatedTo(java.time.temporal.ChronoUnit.HOURS), now).toMillis() / 3_600_000.0;
        double length = (w + elapsed) / w;
        double reference = Math.max(b.median() * length, 1);
        double ratio = current / reference;
        if (current < ErrorsCheckConfig.SPIKE_MIN_EVENTS || ratio < ErrorsCheckConfig.SPIKE_WARNING) {
            return current;
        }
        Severity s = ratio >= ErrorsCheckConfig.SPIKE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("source", SentrySource.NAME);
        e.put("organization", config.organization());
        e.put("project", project);
        e.put("events", current);
        e.put("window", Units.formatDuration(config.window()));
        e.put("window_hours", Math.round((w + elapsed) * 100) / 100.0);
        e.put("baseline_median", b.median());
        e.put("baseline_mad", b.mad());
        e.put("baseline_windows", b.windows());
        e.put("ratio", Math.round(ratio * 10) / 10.0);
        e.put("outcomes", hours.outcomes());
        Instant from = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(config.window());
        e.put("since", from.toString());
        out.find(new Finding("errors.spike", s, subject, String.format(Locale.ROOT,
                "%d errors in Sentry project %s since %s UTC, %.1f× the usual %s over as long (a median %s per %s over the last %d "
                        + "windows, scaled to the hour in progress)",
                current, project, java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneOffset.UTC).format(from),
                ratio, fmt(Math.round(reference * 10) / 10.0), fmt(b.median()), w == 1 ? "hour" : Units.humanDuration(config.window()),
                b.windows()), e));
        return current;
    }

    /** Errors per transaction over the window, when Sentry has transactions for the projects; otherwise said by a zero. */
    private void rate(long errors, long transactions, ResultBuilder out) {
        out.measure("errors.requests", transactions, "check", name());
        if (transactions == 0) {
            return; // no performance monitoring (or no traffic): no total to divide by, errors.rate is not judged
        }
        double pct = 100.0 * errors / transactions;
        out.measure("errors.rate_percent", Math.round(pct * 100) / 100.0, "check", name());
        Severity s = pct >= ErrorsCheckConfig.RATE_CRITICAL ? Severity.CRITICAL : pct >= ErrorsCheckConfig.RATE_WARNING ? Severity.WARNING : null;
        if (s != null) {
            out.find(new Finding("errors.rate", s, config.organization() + "/" + String.join(",", config.projects()), String.format(Locale.ROOT,
                    "%.1f%% of transactions had an error in the last %s (%d errors, %d transactions in Sentry)", pct,
                    Units.humanDuration(config.window()), errors, transactions), Map.of("source", SentrySource.NAME, "errors", errors,
                    "transactions", transactions, "rate_percent", Math.round(pct * 100) / 100.0)));
        }
    }

    /**
     * The unresolved issues first seen since the last look (an hour before it, for Sentry's ingestion delay; at most the
     * baseline ago), less those told of before; without the store, those first seen within the window.
     */
    private void newIssues(SentryApi api, List<String> projectIds, CheckContext context, Instant now, ResultBuilder out)
            throws ApiException, InterruptedException {
        boolean kept = context.marks() != null && context.system() != null;
        Instant since = now.minus(config.window());
        if (kept) {
            Instant floor = now.minus(config.baseline());
            since = context.marks().lastLook(context.system(), name()).map(t -> t.minus(INGEST_LAG)).filter(t -> t.isBefore(now))
                    .map(t -> t.isBefore(floor) ? floor : t).orElse(since);
        }
        List<SentryApi.Issue> issues = api.newIssues(projectIds, config.environment(), since, now);
        Set<String> told = kept ? context.marks().known(context.system(), name(), issues.stream().map(SentryApi.Issue::id).toList()) : Set.of();
        List<String> fresh = new ArrayList<>();
        for (SentryApi.Issue i : issues) {
            if (told.contains(i.id())) {
                continue;
            }
            fresh.add(i.id());
            out.find(finding(i));
        }
        out.measure("errors.new_issues", fresh.size(), "check", name());
        if (kept) {
            context.marks().looked(context.system(), name(), now, fresh, since);
            // told once: the next run's silence is not "resolved"; a person closes the incident once the issue is looked at
            out.leaves(Unjudged.code("errors.new_issue"));
        }
    }

    private Finding finding(SentryApi.Issue i) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("source", SentrySource.NAME);
        e.put("organization", config.organization());
        e.put("project", i.project());
        e.put("issue_id", i.id());
        if (i.shortId() != null) {
            e.put("short_id", i.shortId());
        }
        e.put("title", i.title());
        e.put("culprit", i.culprit());
        if (i.firstSeen() != null) {
            e.put("first_seen", i.firstSeen().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        e.put("count", i.count());
        e.put("level", i.level());
        if (i.permalink() != null) {
            e.put("permalink", i.permalink());
        }
        if (config.environment() != null) {
            e.put("environment", config.environment());
        }
        Severity s = Set.of("fatal", "error").contains(i.level()) ? Severity.WARNING : Severity.INFO;
        String first = i.firstSeen() == null ? "first seen: unknown"
                : "first seen " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC)
                .format(i.firstSeen()) + " UTC";
        return new Finding("errors.new_issue", s, i.id(), String.format(Locale.ROOT, "new Sentry issue in %s: %s%s (%s, %d event%s)%s",
                i.project(), i.title(), i.culprit().isBlank() ? "" : " in " + i.culprit(), first, i.count(), i.count() == 1 ? "" : "s",
                i.permalink() == null ? "" : ", " + i.permalink()), e);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** No request is sent: the API's host name is looked up, and whether a token is set is said. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        String host = config.api().baseUrl().getHost();
        if (config.api().token() == null) {
            return List.of(Readiness.problem(name(), "no 'token': Sentry's API answers only with one (scopes org:read and event:read)"));
        }
        try {
            java.net.InetAddress.getAllByName(host);
            return List.of(Readiness.ok(name(), host + " resolves; a token is set (no request sent)"));
        } catch (java.net.UnknownHostException e) {
            return List.of(Readiness.problem(name(), "the host name " + host + " of 'base_url' does not resolve"));
        }
    }
}
