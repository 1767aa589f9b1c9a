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
import dev.caretaker.config.GithubActionsConfig;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code type: jobs, source: github-actions}: for each repository, the workflow runs created in the window (one listing,
 * every page), grouped by workflow and judged as jobs are: the success rate against its target (manual 002: above 95 %,
 * critical under 90 %), staleness by its {@code every} or {@code cron}, the 95th percentile run time. A failing workflow's
 * evidence names the last failed run's failed job and step, with the run's page. An API error makes the check unknown in
 * GitHub's own words; the rate limit left is measured.
 */
public final class GithubActionsCheck extends ConfiguredCheck<GithubActionsConfig> {
    public GithubActionsCheck(GithubActionsConfig config) {
        super(config);
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        ApiClient client = new ApiClient("GitHub", config.api(), GithubApi.HEADERS, name(), context.clock());
        GithubApi api = new GithubApi(client, config.branch(), config.event());
        Instant now = context.clock().instant();
        for (String repo : config.repositories()) {
            try {
                judge(repo, api, now, out);
            } catch (ApiException e) {
                out.error(context.secrets().redact(e.getMessage()), scope(repo));
                if (e.status() == 0) {
                    break; // out of time, or GitHub unreachable: the other repositories would only say so again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.error("interrupted");
                break;
            }
        }
        client.rateLimitRemaining().ifPresent(n -> out.measure("api.rate_limit_remaining", n, "check", name(), "source",
                GithubActionsSource.NAME));
        return out.build();
    }

    private void judge(String repo, GithubApi api, Instant now, ResultBuilder out) throws ApiException, InterruptedException {
        Instant since = now.minus(config.window());
        List<WorkflowRun> listed = api.runs(repo, since);
        if (listed.size() >= GithubApi.MAX_LISTED) {
            out.find(new Finding("jobs.runs_capped", Severity.WARNING, repo, "GitHub lists at most " + GithubApi.MAX_LISTED + " runs of "
                    + repo + " for one query, and the last " + Units.humanDuration(config.window()) + " hold at least that many: the "
                    + "oldest are left out of the judgement; shorten 'window', or set 'branch' or 'event'", Map.of("runs_listed", listed.size(),
                    "source", GithubActionsSource.NAME, "repository", repo)));
        }
        List<WorkflowRun> runs = listed.stream().filter(r -> r.created() != null && !r.created().isBefore(since)).toList();
        List<WorkflowRun> claimed = new ArrayList<>();
        if (config.workflows().isEmpty()) {
            Map<String, List<WorkflowRun>> byName = new LinkedHashMap<>();
            runs.forEach(r -> byName.computeIfAbsent(r.workflow(), k -> new ArrayList<>()).add(r));
            for (var e : byName.entrySet()) {
                judgeWorkflow(repo, new JobsCheckConfig.Job(e.getKey(), null, null, null, JobsCheckConfig.DEFAULT_MIN_SUCCESS_RATE),
                        e.getValue(), api, now, out);
            }
            return;
        }
        for (JobsCheckConfig.Job w : config.workflows().values()) {
            List<WorkflowRun> mine = runs.stream().filter(r -> r.belongsTo(w.name())).toList();
            claimed.addAll(mine);
            try {
                judgeWorkflow(repo, w, mine, api, now, out);
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                String subject = repo + "/" + w.name(); // this workflow is not there: the others are still judged
                out.error(e.getMessage(), List.of(Unjudged.of("jobs.failure_rate", subject), Unjudged.of("jobs.stale", subject),
                        Unjudged.of("jobs.no_runs", subject)));
            }
        }
        unlisted(repo, runs.stream().filter(r -> !claimed.contains(r)).toList(), out);
    }

    private void judgeWorkflow(String repo, JobsCheckConfig.Job w, List<WorkflowRun> runs, GithubApi api, Instant now, ResultBuilder out)
            throws ApiException, InterruptedException {
        String subject = repo + "/" + w.name();
        String what = "workflow " + w.name() + " of " + repo;
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("source", GithubActionsSource.NAME);
        more.put("repository", repo);
        more.put("workflow", w.name());
        if (w.every() != null || w.cron() != null) {
            Optional<WorkflowRun> last = runs.stream().filter(r -> r.created() != null).max(Comparator.comparing(WorkflowRun::created));
            if (last.isEmpty()) {
                last = api.lastRun(repo, w.name());
            }
            last.map(WorkflowRun::url).ifPresent(u -> more.put("last_run_url", u));
            JobsJudge.stale(out, w, subject, what, JobsCheck.expectation(w, now, config.timezone()),
                    last.map(WorkflowRun::created).orElse(null), now, more);
            more.remove("last_run_url");
        } else if (runs.isEmpty()) {
            noRuns(repo, w, subject, what, api, now, out, more);
            return;
        }
        List<WorkflowRun> judged = runs.stream().filter(r -> r.succeeded() || r.failed()).toList();
        Instant lastSuccess = judged.stream().filter(WorkflowRun::succeeded).map(WorkflowRun::created).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        double[] seconds = judged.stream().map(WorkflowRun::seconds).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        JobsJudge.Runs r = new JobsJudge.Runs(judged.size(), judged.stream().filter(WorkflowRun::succeeded).count(), lastSuccess,
                JobsJudge.p95(seconds));
        JobsJudge.measure(out, name(), subject, r, now);
        if (!JobsJudge.failing(w, r)) {
            return;
        }
        more.put("not_judged", runs.size() - judged.size());
        WorkflowRun lastFailed = judged.stream().filter(WorkflowRun::failed).max(Comparator.comparing(WorkflowRun::created)).orElseThrow();
        JobsJudge.failureRate(out, w, subject, what, config.window(), r, more, lastFailure(repo, lastFailed, api, more));
    }

    /**
     * A listed workflow without a schedule that did not run in the window: looked up, so that a misspelt name, file, branch
     * or event is said rather than judged as nothing to judge. Never ran (with the check's filters): a warning; ran before
     * the window: info, with when.
     */
    private void noRuns(String repo, JobsCheckConfig.Job w, String subject, String what, GithubApi api, Instant now, ResultBuilder out,
                        Map<String, Object> more) throws ApiException, InterruptedException {
        Optional<WorkflowRun> last = api.lastRun(repo, w.name());
        String filters = (config.branch() == null ? "" : " on branch " + config.branch())
                + (config.event() == null ? "" : (config.branch() == null ? " on" : ",") + " event " + config.event());
        Map<String, Object> evidence = new LinkedHashMap<>(more);
        if (last.isEmpty()) {
            out.find(new Finding("jobs.no_runs", Severity.WARNING, subject, what + " has never run" + filters
                    + "; check the workflow's name or file" + (filters.isEmpty() ? "" : " and the check's 'branch' and 'event'"), evidence));
            return;
        }
        evidence.put("last_run", String.valueOf(last.get().created()));
        evidence.put("last_run_url", last.get().url());
        out.find(new Finding("jobs.no_runs", Severity.INFO, subject, what + " did not run" + filters + " in the last "
                + Units.humanDuration(config.window()) + "; it last ran " + Units.humanDuration(java.time.Duration.between(
                last.get().created(), now)) + " ago, " + last.get().url(), evidence));
    }

    /** The last failed run in words (its failed job and step, its page), with the same in {@code more}'s evidence. */
    private static String lastFailure(String repo, WorkflowRun run, GithubApi api, Map<String, Object> more)
            throws ApiException, InterruptedException {
        more.put("last_failure_url", run.url());
        more.put("last_failure_at", String.valueOf(run.created()));
        more.put("last_failure_conclusion", run.conclusion());
        Optional<Map<String, Object>> failed = api.failure(repo, run);
        failed.ifPresent(more::putAll);
        String where = failed
                .map(f -> "job " + f.get("failed_job") + (f.containsKey("failed_step") ? ", step " + f.get("failed_step") : ""))
                .orElse("the run (" + run.conclusion() + ")");
        return where + " failed, " + run.url();
    }

    /**
     * The runs of workflows not listed, one info each, named as the listed ones are: by file when the list names files
     * (so the subject can be pasted under 'workflows'), by name otherwise.
     */
    private void unlisted(String repo, List<WorkflowRun> others, ResultBuilder out) {
        boolean byFile = config.workflows().keySet().stream().anyMatch(k -> k.endsWith(".yml") || k.endsWith(".yaml"));
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (WorkflowRun r : others) {
            String key = byFile && !r.path().isEmpty() ? r.path().substring(r.path().lastIndexOf('/') + 1) : r.workflow();
            counts.merge(key, 1L, Long::sum);
            names.put(key, byFile && !key.equals(r.workflow()) ? key + " (" + r.workflow() + ")" : key);
        }
        counts.keySet().stream().sorted().forEach(w -> out.find(new Finding("jobs.unlisted", Severity.INFO, repo + "/" + w,
                "workflow " + names.get(w) + " of " + repo + " ran " + counts.get(w) + " time(s) in the last "
                        + Units.humanDuration(config.window()) + " but is not listed under 'workflows'; add " + w + " to watch it",
                Map.of("runs", counts.get(w), "source", GithubActionsSource.NAME, "repository", repo))));
    }

    /** No request is sent: the API's host name is looked up, and whether a token is set is said. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        String host = config.api().baseUrl().getHost();
        String token = config.api().token() == null ? "no token: anonymous requests, 60 an hour" : "a token is set";
        try {
            java.net.InetAddress.getAllByName(host);
            return List.of(Readiness.ok(name(), host + " resolves; " + token + " (no request sent)"));
        } catch (java.net.UnknownHostException e) {
            return List.of(Readiness.problem(name(), "the host name " + host + " of 'base_url' does not resolve"));
        }
    }

    /** What an error on {@code repo} leaves unjudged: its listed workflows' findings, or everything when none are listed. */
    private List<Unjudged> scope(String repo) {
        if (config.workflows().isEmpty() || config.repositories().size() == 1) {
            return List.of(Unjudged.ALL);
        }
        List<Unjudged> out = new ArrayList<>();
        for (String w : config.workflows().keySet()) {
            for (String code : List.of("jobs.failure_rate", "jobs.stale")) {
                out.add(Unjudged.of(code, repo + "/" + w));
            }
        }
        return out;
    }
}
