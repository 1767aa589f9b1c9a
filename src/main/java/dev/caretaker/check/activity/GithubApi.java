package dev.caretaker.check.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.api.ApiClient;
import dev.caretaker.check.api.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GitHub Actions endpoints the github-actions source reads (REST API version 2022-11-28): "List workflow runs for a
 * repository", "List workflow runs for a workflow" (its workflow_id may be the file name), "List repository workflows" and
 * "List jobs for a workflow run".
 */
final class GithubApi {
    /** "List workflow runs for a repository": with the {@code created} (or branch, event …) filter, at most 1,000 results. */
    static final int MAX_LISTED = 1000;
    static final Map<String, String> HEADERS = Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28");

    private final ApiClient api;
    private final String branch;
    private final String event;

    GithubApi(ApiClient api, String branch, String event) {
        this.api = api;
        this.branch = branch;
        this.event = event;
    }

    /**
     * The runs created since {@code since}, every page. The bound is rounded down to the hour, so the URL (and its ETag)
     * stays the same for an hour of runs and an unchanged answer comes back 304; the caller keeps the exact window.
     */
    List<WorkflowRun> runs(String repo, Instant since) throws ApiException, InterruptedException {
        String query = "?per_page=100&created=" + enc(">=" + since.truncatedTo(ChronoUnit.HOURS)) + filters();
        List<WorkflowRun> out = new ArrayList<>();
        for (JsonNode n : api.all(api.url("/repos/" + repo + "/actions/runs" + query), "workflow_runs")) {
            out.add(WorkflowRun.of(n));
        }
        return out;
    }

    /** The last run of the workflow written as {@code key} (name, file name or id), ever; empty when it never ran. */
    Optional<WorkflowRun> lastRun(String repo, String key) throws ApiException, InterruptedException {
        String id = workflowId(repo, key);
        JsonNode runs;
        try {
            runs = api.get(api.url("/repos/" + repo + "/actions/workflows/" + enc(id) + "/runs?per_page=1" + filters())).body()
                    .path("workflow_runs");
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw new ApiException(repo + " has no workflow file " + id + " (GitHub: " + e.getMessage() + "); write a workflow's "
                        + "file name as in .github/workflows/, or its name", 404);
            }
            throw e;
        }
        return runs.isEmpty() ? Optional.empty() : Optional.of(WorkflowRun.of(runs.get(0)));
    }

    /** A workflow's file name or id as the API takes it; a name is looked up among the repository's workflows. */
    private String workflowId(String repo, String key) throws ApiException, InterruptedException {
        if (key.endsWith(".yml") || key.endsWith(".yaml") || key.matches("\\d+")) {
            return key.substring(key.lastIndexOf('/') + 1);
        }
        Map<String, String> known = new LinkedHashMap<>();
        for (JsonNode w : api.all(api.url("/repos/" + repo + "/actions/workflows?per_page=100"), "workflows")) {
            if (key.equals(w.path("name").asText())) {
                return w.path("id").asText();
            }
            known.put(w.path("name").asText(), w.path("path").asText());
        }
        throw new ApiException(repo + " has no workflow named '" + key + "'" + (known.isEmpty() ? "" : "; its workflows: "
                + String.join(", ", known.keySet().stream().map(n -> n + " (" + known.get(n) + ")").toList()))
                + "; write a workflow's name or its file name", 404);
    }

    /** The first failed job of a run, and its first failed step: what an operator opens first. */
    Optional<Map<String, Object>> failure(String repo, WorkflowRun run) throws ApiException, InterruptedException {
        for (JsonNode job : api.all(api.url("/repos/" + repo + "/actions/runs/" + run.id() + "/jobs?filter=latest&per_page=100"), "jobs")) {
            String conclusion = job.path("conclusion").asText("");
            if (!WorkflowRun.FAILURE.contains(conclusion)) {
                continue;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("failed_job", job.path("name").asText());
            for (JsonNode step : job.path("steps")) {
                if (WorkflowRun.FAILURE.contains(step.path("conclusion").asText(""))) {
                    out.put("failed_step", step.path("name").asText());
                    break;
                }
            }
            if (job.path("html_url").isTextual()) {
                out.put("failed_job_url", job.path("html_url").asText());
            }
            return Optional.of(out);
        }
        return Optional.empty();
    }

    private String filters() {
        return (branch == null ? "" : "&branch=" + enc(branch)) + (event == null ? "" : "&event=" + enc(event));
    }

    private static String enc(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
