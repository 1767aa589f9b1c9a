package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API for Actions on 127.0.0.1, as its public reference documents it (API version 2022-11-28). What each
 * part follows:
 * <ul>
 * <li>"Workflow runs" → "List workflow runs for a repository" (GET /repos/{owner}/{repo}/actions/runs: {@code total_count},
 * {@code workflow_runs}; filters {@code created} (search syntax "Query for dates", e.g. {@code >=2026-12-06T10:00:00Z}),
 * {@code branch}, {@code event}; newest first) and "List workflow runs for a workflow" (…/actions/workflows/{workflow_id}/runs,
 * where workflow_id may be the file name);</li>
 * <li>"Workflows" → "List repository workflows" (…/actions/workflows: {@code workflows} with id, name, path);</li>
 * <li>"Workflow jobs" → "List jobs for a workflow run" (…/actions/runs/{run_id}/jobs: {@code jobs} with steps, each with
 * its conclusion);</li>
 * <li>"Using pagination in the REST API" → "Using link headers" ({@code per_page} up to 100, default 30; {@code page};
 * {@code link: <…page=2>; rel="next", <…page=3>; rel="last"}, no link header when one page holds everything);</li>
 * <li>"Best practices for using the REST API" → "Use conditional requests if appropriate" ({@code etag}; a request with a
 * matching {@code if-none-match} is answered 304 and does not count against the primary rate limit);</li>
 * <li>"Rate limits for the REST API" → "Checking the status of your rate limit" ({@code x-ratelimit-limit},
 * {@code x-ratelimit-remaining}, {@code x-ratelimit-used}, {@code x-ratelimit-reset}, {@code x-ratelimit-resource}) and
 * "Exceeding the rate limit" (429 with {@code retry-after} and a message);</li>
 * <li>"Authenticating to the REST API" ({@code Authorization: Bearer TOKEN}) and "Troubleshooting the REST API" (401 with
 * {@code {"message": "Bad credentials", "documentation_url": …}}; 404 {@code {"message": "Not Found", …}}).</li>
 * </ul>
 */
public final class GithubStandIn extends ApiStandIn {
    private static final Pattern RUNS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/runs");
    private static final Pattern WORKFLOW_RUNS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/workflows/([^/]+)/runs");
    private static final Pattern WORKFLOWS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/workflows");
    private static final Pattern JOBS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/runs/(\\d+)/jobs");
    private static final int LIMIT = 5000;

    /** Repository → its runs, as the runs endpoints return them. */
    private final Map<String, List<ObjectNode>> runs = new ConcurrentHashMap<>();
    /** Repository → its workflows. */
    private final Map<String, List<ObjectNode>> workflows = new ConcurrentHashMap<>();
    /** Run id → its jobs. */
    private final Map<Long, List<ObjectNode>> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger remaining = new AtomicInteger(LIMIT);
    private volatile int listingCap = 1000; // GitHub: "up to 1,000 results for each search" with the created, branch or event filter
    private final String token;

    /** A stand-in that takes {@code Authorization: Bearer token} ({@code token} null: any request) on {@code port} (0: any). */
    public GithubStandIn(String token, int port) throws IOException {
        super("github", port);
        this.token = token;
        start();
    }

    public GithubStandIn(String token) throws IOException {
        this(token, 0);
    }

    /** A run as "List workflow runs for a repository" shows it; {@code minutes} long, created {@code created}. */
    public ObjectNode run(String repo, long id, String name, String file, String conclusion, Instant created, int minutes) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("name", name);
        r.put("node_id", "WFR_" + id);
        r.put("head_branch", "main");
        r.put("head_sha", "0123456789abcdef0123456789abcdef01234567");
        r.put("path", ".github/workflows/" + file);
        r.put("display_title", name + " #" + id);
        r.put("run_number", id);
        r.put("event", "schedule");
        r.put("status", conclusion == null ? "in_progress" : "completed");
        if (conclusion == null) {
            r.putNull("conclusion");
        } else {
            r.put("conclusion", conclusion);
        }
        r.put("workflow_id", Math.abs(file.hashCode()));
        r.put("url", url() + "/repos/" + repo + "/actions/runs/" + id);
        r.put("html_url", "https://github.com/" + repo + "/actions/runs/" + id);
        r.put("created_at", created.toString());
        r.put("updated_at", created.plusSeconds(60L * minutes).toString());
        r.put("run_attempt", 1);
        r.put("run_started_at", created.toString());
        r.put("jobs_url", url() + "/repos/" + repo + "/actions/runs/" + id + "/jobs");
        runs.computeIfAbsent(repo, k -> new CopyOnWriteArrayList<>()).add(r);
        return r;
    }

    /** A job of run {@code runId} as "List jobs for a workflow run" shows it, with steps named and concluded as given. */
    public void job(String repo, long runId, String name, String conclusion, Map<String, String> steps) {
        ObjectNode j = JSON.createObjectNode();
        j.put("id", runId * 10 + jobs.getOrDefault(runId, List.of()).size());
        j.put("run_id", runId);
        j.put("run_url", url() + "/repos/" + repo + "/actions/runs/" + runId);
        j.put("html_url", "https://github.com/" + repo + "/actions/runs/" + runId + "/job/" + j.get("id").asLong());
        j.put("status", "completed");
        j.put("conclusion", conclusion);
        j.put("name", name);
        ArrayNode s = j.putArray("steps");
        int n = 1;
        for (var e : steps.entrySet()) {
            ObjectNode step = s.addObject();
            step.put("name", e.getKey());
            step.put("status", "completed");
            step.put("conclusion", e.getValue());
            step.put("number", n++);
        }
        jobs.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(j);
    }

    /** At most {@code n} runs in a listing, as GitHub's runs endpoints answer a filtered query (1,000). */
    public void limitListing(int n) {
        listingCap = n;
    }

    /** A workflow as "List repository workflows" shows it. */
    public void workflow(String repo, String name, String file) {
        ObjectNode w = JSON.createObjectNode();
        w.put("id", Math.abs(file.hashCode()));
        w.put("name", name);
        w.put("path", ".github/workflows/" + file);
        w.put("state", "active");
        workflows.computeIfAbsent(repo, k -> new CopyOnWriteArrayList<>()).add(w);
    }

    @Override
    protected boolean authorized(Request r) {
        return token == null || ("Bearer " + token).equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return error(401, "Bad credentials");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return Reply.json(429, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you "
                + "try again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}");
    }

    @Override
    protected Reply notFound(Request r) {
        return error(404, "Not Found");
    }

    @Override
    protected boolean etags() {
        return true;
    }

    @Override
    protected Map<String, String> common(Request r, int status) {
        if (status == 200) {
            remaining.decrementAndGet(); // a 304 does not count against the primary rate limit
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json; charset=utf-8");
        h.put("x-github-api-version-selected", "2022-11-28");
        h.put("x-ratelimit-limit", String.valueOf(LIMIT));
        h.put("x-ratelimit-remaining", String.valueOf(Math.max(0, remaining.get())));
        h.put("x-ratelimit-used", String.valueOf(LIMIT - remaining.get()));
        h.put("x-ratelimit-reset", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()));
        h.put("x-ratelimit-resource", "core");
        return h;
    }

    @Override
    protected Reply answer(Request r) {
        Matcher m;
        String path = r.path();
        Matcher repo = Pattern.compile("/repos/([^/]+/[^/]+)/.*").matcher(path);
        if (repo.matches() && !runs.containsKey(repo.group(1)) && !workflows.containsKey(repo.group(1))) {
            return null; // GitHub answers 404 Not Found for a repository it does not have (or the token cannot see)
        }
        if ((m = JOBS.matcher(path)).matches()) {
            return page(r, "jobs", jobs.getOrDefault(Long.parseLong(m.group(2)), List.of()));
        }
        if ((m = WORKFLOW_RUNS.matcher(path)).matches()) {
            String id = m.group(2);
            boolean known = workflows.getOrDefault(m.group(1), List.of()).stream().anyMatch(w -> w.get("path").asText().endsWith("/" + id)
                    || w.get("id").asText().equals(id));
            if (!known && workflows.containsKey(m.group(1))) {
                return null; // "List workflow runs for a workflow": 404 for a workflow_id (or file name) the repository does not have
            }
            List<ObjectNode> mine = filtered(m.group(1), r).stream().filter(run -> run.get("path").asText().endsWith("/" + id)
                    || run.get("workflow_id").asText().equals(id)).toList();
            return page(r, "workflow_runs", mine);
        }
        if ((m = RUNS.matcher(path)).matches()) {
            return page(r, "workflow_runs", filtered(m.group(1), r));
        }
        if ((m = WORKFLOWS.matcher(path)).matches()) {
            return page(r, "workflows", workflows.getOrDefault(m.group(1), List.of()));
        }
        return null;
    }

    /** The repository's runs, newest first, after the {@code created}, {@code branch} and {@code event} filters. */
    private List<ObjectNode> filtered(String repo, Request r) {
        String created = r.param("created", null);
        Instant since = created != null && created.startsWith(">=") ? Instant.parse(created.substring(2)) : Instant.EPOCH;
        String branch = r.param("branch", null);
        String event = r.param("event", null);
        return runs.getOrDefault(repo, List.of()).stream()
                .filter(run -> !Instant.parse(run.get("created_at").asText()).isBefore(since))
                .filter(run -> branch == null || branch.equals(run.get("head_branch").asText()))
                .filter(run -> event == null || event.equals(run.get("event").asText()))
                .sorted(Comparator.comparing((ObjectNode run) -> run.get("created_at").asText()).reversed()).limit(listingCap).toList();
    }

    private Reply page(Request r, String field, List<ObjectNode> all) {
        int perPage = Math.min(100, Integer.parseInt(r.param("per_page", "30")));
        int page = Integer.parseInt(r.param("page", "1"));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        ObjectNode body = JSON.createObjectNode();
        body.put("total_count", all.size());
        ArrayNode items = body.putArray(field);
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(items::add);
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add("<" + link(r, "page", String.valueOf(page - 1)) + ">; rel=\"prev\"");
        }
        if (page < last) {
            links.add("<" + link(r, "page", String.valueOf(page + 1)) + ">; rel=\"next\"");
            links.add("<" + link(r, "page", String.valueOf(last)) + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + link(r, "page", "1") + ">; rel=\"first\"");
        }
        Reply reply = Reply.json(200, body);
        return links.isEmpty() ? reply : reply.with("link", String.join(", ", links));
    }

    private static Reply error(int status, String message) {
        return Reply.json(status, "{\"message\":\"" + message + "\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    }
}
