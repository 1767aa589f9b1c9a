package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Supabase's Management API for one project on 127.0.0.1, as its public reference documents it (supabase.com/docs/reference/api,
 * the OpenAPI document at api.supabase.com/api/v1-json). What each part follows:
 * <ul>
 * <li>"Authentication": every request carries {@code Authorization: Bearer <access_token>} (a personal access token,
 * {@code sbp_…}); without it, or with another, 401 with the reference's error shape {@code {"message": …}};</li>
 * <li>"Rate limits": 120 requests a minute per user, project and endpoint (30 for the analytics endpoints, "Endpoint
 * exceptions"); every answer carries {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}
 * (the seconds until the window resets); past the limit, 429 for the rest of the minute ({@link #budgetSpentNext}).
 * Supabase documents no {@code Retry-After}: the shared base's {@link #rateLimitNext} adds one to its 429s, and this
 * stand-in then gives {@code X-RateLimit-Reset} the same seconds;</li>
 * <li>"Projects" → "Gets project's service health status" ({@code GET /v1/projects/{ref}/health?services=…}, the
 * {@code services} parameter required, comma-separated, of {@code auth, db, db_postgres_user, pooler, realtime, rest,
 * storage, pg_bouncer}: an array of {@code {name, healthy, status}} with status {@code COMING_UP}, {@code ACTIVE_HEALTHY} or
 * {@code UNHEALTHY}, and {@code error} when one is known);</li>
 * <li>"Edge Functions" → "List all functions" ({@code GET /v1/projects/{ref}/functions}: an array of {@code {id, slug, name,
 * status, version, created_at, updated_at, verify_jwt}});</li>
 * <li>"Analytics" → "Gets all project's logs in a single log stream" ({@code GET /v1/projects/{ref}/analytics/endpoints/logs}
 * with {@code sql}, {@code iso_timestamp_start}, {@code iso_timestamp_end}; a range over 24 hours is a validation error;
 * {@code {"result": [...]}}). The SQL is ClickHouse over the one {@code logs} table, {@code source = 'function_edge_logs'},
 * fields in {@code log_attributes} ("Querying ClickHouse logs", "Logs field reference": {@code function_id},
 * {@code response.status_code}, {@code execution_time_ms}). This stand-in runs no SQL: it answers the per-function
 * aggregate the supabase check asks (requests, 5xx answers, mean and 95th percentile execution time, grouped by
 * {@code function_id}) from the invocations planted, and answers any other SQL with a 400;</li>
 * <li>"Advisors" → "Gets project security advisors" / "Gets project performance advisors" ({@code GET
 * /v1/projects/{ref}/advisors/security|performance}, experimental: {@code {"lints": [{name, title, level, facing,
 * categories, description, detail, remediation, metadata, cache_key}]}}, the lint shape of splinter).</li>
 * </ul>
 * None of these endpoints is paginated and none documents an {@code ETag}, so this stand-in sends neither {@code Link} headers
 * nor ETags.
 */
public final class SupabaseStandIn extends ApiStandIn {
    public static final List<String> SERVICES = List.of("auth", "db", "db_postgres_user", "pooler", "realtime", "rest", "storage",
            "pg_bouncer");
    private static final Pattern PROJECT = Pattern.compile("/v1/projects/([a-z]{20})(/.*)");
    private static final int LIMIT = 120;
    private static final int ANALYTICS_LIMIT = 30;

    /** One edge function invocation as {@code function_edge_logs} records it. */
    private record Invocation(String functionId, Instant at, int status, double executionMs) {
    }

    private final String token;
    private final String projectRef;
    private final Map<String, String[]> health = new ConcurrentHashMap<>();
    private final List<ObjectNode> functions = new CopyOnWriteArrayList<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final Map<String, List<ObjectNode>> lints = new ConcurrentHashMap<>();
    private final Map<String, int[]> used = new ConcurrentHashMap<>();
    private volatile long windowMinute = -1;
    private volatile String resetSeconds = null;
    private volatile String[] failing = null;
    private volatile String logsError = null;
    private final java.util.concurrent.atomic.AtomicInteger spentNext = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int spentReset = 60;

    /** The project {@code projectRef}, taking {@code Authorization: Bearer token}, on {@code port} of 127.0.0.1 (0: any). */
    public SupabaseStandIn(String token, String projectRef, int port) throws IOException {
        super("supabase", port);
        this.token = token;
        this.projectRef = projectRef;
        SERVICES.forEach(s -> health.put(s, new String[] {"ACTIVE_HEALTHY", null}));
        start();
    }

    public SupabaseStandIn(String token, String projectRef) throws IOException {
        this(token, projectRef, 0);
    }

    public String projectRef() {
        return projectRef;
    }

    /** Sets a service's status as the health endpoint reports it, with the error it gives (null: none). */
    public void service(String name, String status, String error) {
        health.put(name, new String[] {status, error});
    }

    /** Deploys edge function {@code slug}; its id is what {@code function_edge_logs} names it by. */
    public String function(String slug) {
        ObjectNode f = JSON.createObjectNode();
        String id = UUID.nameUUIDFromBytes((projectRef + "/" + slug).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        f.put("id", id);
        f.put("slug", slug);
        f.put("name", slug);
        f.put("status", "ACTIVE");
        f.put("version", 3);
        f.put("created_at", 1_764_000_000_000L);
        f.put("updated_at", 1_764_500_000_000L);
        f.put("verify_jwt", true);
        functions.add(f);
        return id;
    }

    /** {@code count} invocations of {@code slug} spread over the {@code span} before {@code end}, answered {@code status}. */
    public void invocations(String slug, int count, int status, Duration executionTime, Instant end, Duration span) {
        String id = functions.stream().filter(f -> f.get("slug").asText().equals(slug)).map(f -> f.get("id").asText()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("deploy " + slug + " first"));
        for (int i = 0; i < count; i++) {
            Instant at = end.minusMillis(span.toMillis() * (i + 1) / (count + 1));
            invocations.add(new Invocation(id, at, status, executionTime.toMillis()));
        }
    }

    /** A lint the advisor {@code kind} ({@code security} or {@code performance}) reports, as splinter writes it. */
    public void lint(String kind, String name, String title, String level, String category, String detail, Map<String, String> metadata) {
        ObjectNode l = JSON.createObjectNode();
        l.put("name", name);
        l.put("title", title);
        l.put("level", level);
        l.put("facing", "EXTERNAL");
        l.putArray("categories").add(category);
        l.put("description", title);
        l.put("detail", detail);
        l.put("remediation", "https://supabase.com/docs/guides/database/database-linter?lint=" + name);
        ObjectNode meta = l.putObject("metadata");
        metadata.forEach(meta::put);
        l.put("cache_key", name + "_" + String.join("_", metadata.values()));
        lints.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(l);
    }

    /** Every invocation, function, lint and unhealthy service is forgotten: a healthy project with nothing deployed. */
    public void clear() {
        SERVICES.forEach(s -> health.put(s, new String[] {"ACTIVE_HEALTHY", null}));
        functions.clear();
        invocations.clear();
        lints.clear();
        failing = null;
        logsError = null;
    }

    /** Requests whose path contains {@code pathPart} are answered {@code status} with {@code {"message": message}}. */
    public void failing(String pathPart, int status, String message) {
        failing = new String[] {pathPart, String.valueOf(status), message};
    }

    /**
     * The logs endpoint answers 200 with the query's error in its body ({@code {"result": [], "error": {"code": 400,
     * "message": …}}}, the analytics response's {@code error}), as when Supabase rejects the SQL.
     */
    public void logsError(String message) {
        logsError = message;
    }

    /**
     * The next {@code n} requests find the minute's budget spent, answered as "Rate limits" documents it: 429,
     * {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset: resetSeconds}, and no {@code Retry-After}.
     */
    public void budgetSpentNext(int n, int resetSeconds) {
        spentReset = resetSeconds;
        spentNext.set(n);
    }

    @Override
    public void rateLimitNext(int n, String seconds) {
        resetSeconds = seconds;
        super.rateLimitNext(n, seconds);
    }

    @Override
    protected boolean authorized(Request r) {
        return ("Bearer " + token).equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return Reply.json(401, Map.of("message", "Unauthorized"));
    }

    @Override
    protected Reply rateLimited(Request r) {
        Reply reply = Reply.json(429, Map.of("message", "Too many requests. Please retry after the rate limit window resets."))
                .with("X-RateLimit-Remaining", "0");
        return resetSeconds == null ? reply : reply.with("X-RateLimit-Reset", resetSeconds);
    }

    @Override
    protected Reply notFound(Request r) {
        return Reply.json(404, Map.of("message", "Cannot GET " + r.path()));
    }

    @Override
    protected Map<String, String> common(Request r, int status) {
        long minute = Instant.now().getEpochSecond() / 60;
        if (minute != windowMinute) {
            used.clear();
            windowMinute = minute;
        }
        int limit = r.path().contains("/analytics/") ? ANALYTICS_LIMIT : LIMIT;
        int[] n = used.computeIfAbsent(r.path(), k -> new int[1]);
        synchronized (n) {
            n[0]++;
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json; charset=utf-8");
        h.put("X-RateLimit-Limit", String.valueOf(limit));
        h.put("X-RateLimit-Remaining", String.valueOf(Math.max(0, limit - n[0])));
        h.put("X-RateLimit-Reset", String.valueOf(60 - Instant.now().getEpochSecond() % 60));
        return h;
    }

    @Override
    protected Reply answer(Request r) {
        Matcher m = PROJECT.matcher(r.path());
        if (!"GET".equals(r.method()) || !m.matches()) {
            return null;
        }
        if (spentNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return rateLimited(r).with("X-RateLimit-Reset", String.valueOf(spentReset));
        }
        String[] fail = failing;
        if (fail != null && r.path().contains(fail[0])) {
            return Reply.json(Integer.parseInt(fail[1]), Map.of("message", fail[2]));
        }
        if (!m.group(1).equals(projectRef)) {
            return Reply.json(404, Map.of("message", "Project not found"));
        }
        return switch (m.group(2)) {
            case "/health" -> health(r);
            case "/functions" -> Reply.json(200, functions);
            case "/analytics/endpoints/logs" -> logs(r);
            case "/advisors/security" -> Reply.json(200, Map.of("lints", lints.getOrDefault("security", List.of())));
            case "/advisors/performance" -> Reply.json(200, Map.of("lints", lints.getOrDefault("performance", List.of())));
            default -> null;
        };
    }

    private Reply health(Request r) {
        String services = r.param("services", "");
        if (services.isBlank()) {
            return Reply.json(400, Map.of("message", "services must be one of the following values: " + String.join(", ", SERVICES)));
        }
        ArrayNode out = JSON.createArrayNode();
        for (String s : services.split(",")) {
            String[] state = health.get(s.trim());
            if (state == null) {
                return Reply.json(400, Map.of("message", "services must be one of the following values: " + String.join(", ", SERVICES)));
            }
            ObjectNode n = out.addObject();
            n.put("name", s.trim());
            n.put("healthy", "ACTIVE_HEALTHY".equals(state[0]));
            n.put("status", state[0]);
            if (state[1] != null) {
                n.put("error", state[1]);
            }
        }
        return Reply.json(200, out);
    }

    private Reply logs(Request r) {
        if (logsError != null) {
            return Reply.json(200, Map.of("result", List.of(), "error", Map.of("code", 400, "message", logsError, "status", "INVALID")));
        }
        Instant from;
        Instant to;
        try {
            to = Instant.parse(r.param("iso_timestamp_end", Instant.now().toString()));
            from = Instant.parse(r.param("iso_timestamp_start", to.minusSeconds(60).toString()));
        } catch (DateTimeParseException e) {
            return Reply.json(400, Map.of("message", "iso_timestamp_start and iso_timestamp_end must be ISO 8601 timestamps"));
        }
        if (Duration.between(from, to).compareTo(Duration.ofHours(24)) > 0) {
            return Reply.json(400, Map.of("message", "The timestamp range must be no more than 24 hours"));
        }
        String sql = r.param("sql", "").toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (!sql.contains("from logs") || !sql.contains("source = 'function_edge_logs'") || !sql.contains("group by function_id")) {
            return Reply.json(400, Map.of("message", "this stand-in answers only the per-function aggregate of function_edge_logs"));
        }
        Map<String, List<Invocation>> byFunction = new LinkedHashMap<>();
        for (Invocation i : invocations) {
            if (!i.at().isBefore(from) && i.at().isBefore(to)) {
                byFunction.computeIfAbsent(i.functionId(), k -> new ArrayList<>()).add(i);
            }
        }
        ArrayNode result = JSON.createArrayNode();
        byFunction.forEach((id, list) -> {
            ObjectNode row = result.addObject();
            row.put("function_id", id);
            row.put("requests", String.valueOf(list.size())); // ClickHouse writes 64-bit counts as strings in JSON
            row.put("errors", String.valueOf(list.stream().filter(i -> i.status() >= 500).count()));
            row.put("avg_ms", list.stream().mapToDouble(Invocation::executionMs).average().orElse(0));
            double[] sorted = list.stream().mapToDouble(Invocation::executionMs).sorted().toArray();
            row.put("p95_ms", sorted[Math.max(0, (int) Math.ceil(0.95 * sorted.length) - 1)]);
        });
        ObjectNode body = JSON.createObjectNode();
        body.set("result", result);
        return Reply.json(200, body);
    }
}
