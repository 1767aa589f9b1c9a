package dev.caretaker.check.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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
final class GithubStandIn implements AutoCloseable {
    /** One request as it came, and the status it got. */
    record Seen(String path, Map<String, String> query, String ifNoneMatch, String authorization, int status) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUNS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/runs");
    private static final Pattern WORKFLOW_RUNS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/workflows/([^/]+)/runs");
    private static final Pattern WORKFLOWS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/workflows");
    private static final Pattern JOBS = Pattern.compile("/repos/([^/]+/[^/]+)/actions/runs/(\\d+)/jobs");

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Repository → its runs, as the runs endpoints return them. */
    final Map<String, List<ObjectNode>> runs = new ConcurrentHashMap<>();
    /** Repository → its workflows. */
    final Map<String, List<ObjectNode>> workflows = new ConcurrentHashMap<>();
    /** Run id → its jobs. */
    final Map<Long, List<ObjectNode>> jobs = new ConcurrentHashMap<>();
    final String token;
    volatile long delayMillis;
    volatile String retryAfter = "1";
    private final AtomicInteger limitedNext = new AtomicInteger();
    private final AtomicInteger remaining = new AtomicInteger(5000);
    private final HttpServer server;

    GithubStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "github-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code n} requests are refused for the secondary rate limit, 429 with {@code retry-after}. */
    void rateLimitNext(int n) {
        limitedNext.set(n);
    }

    /** A run as "List workflow runs for a repository" shows it; {@code minutes} long, created {@code created}. */
    ObjectNode run(String repo, long id, String name, String file, String conclusion, Instant created, int minutes) {
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
    void job(String repo, long runId, String name, String conclusion, Map<String, String> steps) {
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

    /** A workflow as "List repository workflows" shows it. */
    void workflow(String repo, String name, String file) {
        ObjectNode w = JSON.createObjectNode();
        w.put("id", Math.abs(file.hashCode()));
        w.put("name", name);
        w.put("path", ".github/workflows/" + file);
        w.put("state", "active");
        workflows.computeIfAbsent(repo, k -> new CopyOnWriteArrayList<>()).add(w);
    }

    List<Seen> requestsTo(String pathPart) {
        return seen.stream().filter(s -> s.path().contains(pathPart)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            if (token != null && !("Bearer " + token).equals(auth)) {
                answer(ex, path, query, 401, error("Bad credentials"), Map.of());
                return;
            }
            if (limitedNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(ex, path, query, 429, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you "
                        + "try again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}",
                        Map.of("retry-after", retryAfter));
                return;
            }
            Page page = route(path, query);
            if (page == null) {
                answer(ex, path, query, 404, error("Not Found"), Map.of());
                return;
            }
            String body = JSON.writeValueAsString(page.body());
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            String etag = "\"" + HexFormat.of().formatHex(digest) + "\"";
            Map<String, String> headers = new LinkedHashMap<>(page.headers());
            headers.put("etag", etag);
            if (etag.equals(inm)) {
                answer(ex, path, query, 304, null, headers); // not counted against the rate limit
            } else {
                remaining.decrementAndGet();
                answer(ex, path, query, 200, body, headers);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Page(ObjectNode body, Map<String, String> headers) {
    }

    private Page route(String path, Map<String, String> query) {
        Matcher m;
        if ((m = JOBS.matcher(path)).matches()) {
            return page(path, query, "jobs", jobs.getOrDefault(Long.parseLong(m.group(2)), List.of()));
        }
        if ((m = WORKFLOW_RUNS.matcher(path)).matches()) {
            String id = m.group(2);
            List<ObjectNode> mine = filtered(m.group(1), query).stream().filter(r -> r.get("path").asText().endsWith("/" + id)
                    || r.get("workflow_id").asText().equals(id)).toList();
            return page(path, query, "workflow_runs", mine);
        }
        if ((m = RUNS.matcher(path)).matches()) {
            return page(path, query, "workflow_runs", filtered(m.group(1), query));
        }
        if ((m = WORKFLOWS.matcher(path)).matches()) {
            return page(path, query, "workflows", workflows.getOrDefault(m.group(1), List.of()));
        }
        return null;
    }

    /** The repository's runs, newest first, after the {@code created}, {@code branch} and {@code event} filters. */
    private List<ObjectNode> filtered(String repo, Map<String, String> query) {
        String created = query.get("created");
        Instant since = created != null && created.startsWith(">=") ? Instant.parse(created.substring(2)) : Instant.EPOCH;
        return runs.getOrDefault(repo, List.of()).stream()
                .filter(r -> !Instant.parse(r.get("created_at").asText()).isBefore(since))
                .filter(r -> !query.containsKey("branch") || query.get("branch").equals(r.get("head_branch").asText()))
                .filter(r -> !query.containsKey("event") || query.get("event").equals(r.get("event").asText()))
                .sorted(Comparator.comparing((ObjectNode r) -> r.get("created_at").asText()).reversed()).toList();
    }

    private Page page(String path, Map<String, String> query, String field, List<ObjectNode> all) {
        int perPage = Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30")));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        ObjectNode body = JSON.createObjectNode();
        body.put("total_count", all.size());
        ArrayNode items = body.putArray(field);
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(items::add);
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add("<" + link(path, query, page - 1) + ">; rel=\"prev\"");
        }
        if (page < last) {
            links.add("<" + link(path, query, page + 1) + ">; rel=\"next\"");
            links.add("<" + link(path, query, last) + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + link(path, query, 1) + ">; rel=\"first\"");
        }
        if (!links.isEmpty()) {
            headers.put("link", String.join(", ", links));
        }
        return new Page(body, headers);
    }

    private String link(String path, Map<String, String> query, int page) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("page", String.valueOf(page));
        StringBuilder out = new StringBuilder(url() + path);
        char sep = '?';
        for (var e : q.entrySet()) {
            out.append(sep).append(e.getKey()).append('=').append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return out.toString();
    }

    private void answer(HttpExchange ex, String path, Map<String, String> query, int status, String body, Map<String, String> headers)
            throws IOException {
        var in = ex.getRequestHeaders();
        seen.add(new Seen(path, query, in.getFirst("If-None-Match"), in.getFirst("Authorization"), status));
        var h = ex.getResponseHeaders();
        h.add("content-type", "application/json; charset=utf-8");
        h.add("x-github-api-version-selected", "2022-11-28");
        h.add("x-ratelimit-limit", "5000");
        h.add("x-ratelimit-remaining", String.valueOf(Math.max(0, remaining.get())));
        h.add("x-ratelimit-used", String.valueOf(5000 - remaining.get()));
        h.add("x-ratelimit-reset", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()));
        h.add("x-ratelimit-resource", "core");
        headers.forEach(h::add);
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    private static String error(String message) {
        return "{\"message\":\"" + message + "\",\"documentation_url\":\"https://docs.github.com/rest\"}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
