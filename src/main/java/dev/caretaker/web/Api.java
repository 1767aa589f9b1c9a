package dev.caretaker.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.Approvals;
import dev.caretaker.action.AuditEvent;
import dev.caretaker.action.AuditLog;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Units;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.IncidentDesk;
import dev.caretaker.engine.CheckDesk;
import dev.caretaker.engine.MaintenanceDesk;
import dev.caretaker.history.CheckSeries;
import dev.caretaker.history.CheckStates;
import dev.caretaker.history.Rollups;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentFilter;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.incident.Silences;
import dev.caretaker.notify.Outbox;
import dev.caretaker.report.JsonReport;
import dev.caretaker.schedule.Server;
import dev.caretaker.access.Role;
import dev.caretaker.access.Users;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}: JSON in and out, a bearer token per request ({@code caretaker tokens create}), the
 * role checked on the server for every route, errors as RFC 9457 problem JSON, lists paged with opaque cursors (newest
 * first). Every route is in {@code openapi.json}, which is served at {@code /api/v1/openapi.json}; a test holds the two
 * together. Writes are made as the token's user and go to the audit log with that name.
 */
public final class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    public static final String PREFIX = "/api/v1";
    /** Items on a page when {@code ?limit=} is not given. */
    static final int DEFAULT_LIMIT = 50;
    /** The most items a page may ask for. */
    static final int MAX_LIMIT = 500;
    /** Nodes listed: those heard from within a day. */
    static final Duration NODES_WITHIN = Duration.ofDays(1);
    /** A series without {@code ?from=} covers this much before {@code to}. */
    static final Duration DEFAULT_SERIES_RANGE = Duration.ofDays(1);
    /** A longer range without a step than {@link #RAW_RANGE} is answered hourly up to this, daily beyond. */
    static final Duration HOURLY_UP_TO = Duration.ofDays(60);
    private static final String IDENTITY = "caretaker.identity";

    /** A route: its method, its path (Javalin's {@code {param}} form, as in the OpenAPI file), the least role it needs. */
    public record Route(HandlerType method, String path, Role role) {
    }

    /** A body that is not JSON (an iCalendar feed), sent as it is with its content type. */
    record Raw(String contentType, String body) {
    }

    /** An error answered as problem JSON. */
    static final class Problem extends RuntimeException {
        final int status;
        final String title;

        Problem(int status, String title, String detail) {
            super(detail);
            this.status = status;
            this.title = title;
        }
    }

    @FunctionalInterface
    interface Handler {
        Object handle(Context ctx, Users.Identity who) throws Exception;
    }

    private final Server server;
    private final Users users;
    private final Clock clock;
    private final List<Route> routes = new ArrayList<>();
    private final byte[] openApi;

    public Api(Server server, Users users, Clock clock) {
        this.server = server;
        this.users = users;
        this.clock = clock;
        try (InputStream in = Api.class.getResourceAsStream("/web/openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json is missing from the jar", e);
        }
    }

    /** The routes this API serves, for the test that holds them against the OpenAPI file. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public void register(JavalinConfig config) {
        config.routes.get(PREFIX + "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        route(config, HandlerType.GET, "/status", Role.VIEWER, (ctx, who) -> status());
        route(config, HandlerType.GET, "/checks", Role.VIEWER, (ctx, who) -> checks());
        route(config, HandlerType.GET, "/checks/{name}", Role.VIEWER, (ctx, who) -> check(ctx.pathParam("name")));
        route(config, HandlerType.GET, "/checks/{name}/series", Role.VIEWER, this::series);
        route(config, HandlerType.GET, "/runs", Role.VIEWER, (ctx, who) -> page(ctx, (before, n) -> engine().runs().page(before, n),
                m -> ((Number) m.get("id")).longValue(), Function.identity()));
        route(config, HandlerType.GET, "/runs/{id}", Role.VIEWER, (ctx, who) -> run(id(ctx)));
        route(config, HandlerType.POST, "/suites/{name}/run", Role.OPERATOR, this::runSuite);
        route(config, HandlerType.GET, "/incidents", Role.VIEWER, this::incidents);
        route(config, HandlerType.GET, "/incidents/{id}", Role.VIEWER, (ctx, who) -> incident(id(ctx)));
        route(config, HandlerType.POST, "/incidents/{id}/ack", Role.OPERATOR, (ctx, who) -> decision(
                engine().incidents().acknowledge(ownIncident(id(ctx)), who.user())));
        route(config, HandlerType.POST, "/incidents/{id}/resolve", Role.OPERATOR, (ctx, who) -> decision(
                engine().incidents().resolve(ownIncident(id(ctx)), who.user(), text(ctx, "note", false))));
        route(config, HandlerType.GET, "/approvals", Role.VIEWER, (ctx, who) -> page(ctx,
                (before, n) -> engine().actions().approvals("pending".equals(ctx.queryParam("state")), before, n), Approvals.Approval::id,
                Views::approval));
        route(config, HandlerType.POST, "/approvals/{id}/approve", Role.APPROVER, this::approve);
        route(config, HandlerType.POST, "/approvals/{id}/reject", Role.APPROVER, this::reject);
        route(config, HandlerType.GET, "/audit", Role.VIEWER, (ctx, who) -> page(ctx, (before, n) -> audit().page(before, n),
                AuditLog.Entry::id, Views::audit));
        route(config, HandlerType.GET, "/audit/verify", Role.VIEWER, (ctx, who) -> verification(audit().verify(ctx.queryParam("head"))));
        route(config, HandlerType.GET, "/outbox", Role.VIEWER, (ctx, who) -> page(ctx,
                (before, n) -> outbox().list(ctx.queryParam("state"), before, n), dev.caretaker.notify.OutboxMessage::id, Views::message));
        route(config, HandlerType.GET, "/maintenance", Role.VIEWER, (ctx, who) -> Map.of("items",
                engine().maintenance().current().stream().map(Api::silence).toList()));
        route(config, HandlerType.POST, "/maintenance", Role.OPERATOR, this::silence);
        route(config, HandlerType.DELETE, "/maintenance/{id}", Role.OPERATOR, this::endSilence);
        route(config, HandlerType.GET, "/checklists", Role.VIEWER, (ctx, who) -> checklists());
        route(config, HandlerType.POST, "/checklists/{name}/items/{item}/tick", Role.OPERATOR, this::tick);
        new ExemptionApi(this::engine).register(this, config);
        new OncallApi(this::engine).register(this, config);
        new StatusSubscribersApi(this::engine).register(this, config);
        new StatusPostApi(this::engine).register(this, config);
        new TokensApi(users, clock).register(this, config);
        route(config, HandlerType.GET, "/nodes", Role.VIEWER, (ctx, who) -> {
            Instant now = clock.instant();
            return Map.of("items", engine().nodes(server.node()).recent(now, NODES_WITHIN).stream().map(n -> Views.node(n, now)).toList());
        });
        config.routes.exception(Problem.class, (e, ctx) -> problem(ctx, e.status, e.title, e.getMessage()));
    }

    void route(JavalinConfig config, HandlerType method, String path, Role role, Handler handler) {
        route(config, method, path, role, handler, null);
    }

    /**
     * As above; a request that carries {@code ?key=} is let in by {@code signed} instead of a token (a signed feed URL, for
     * a calendar app that cannot send one; the handler is given no identity), and a key it refuses is 403. Without a key the
     * token is needed as on every route.
     */
    void route(JavalinConfig config, HandlerType method, String path, Role role, Handler handler,
               java.util.function.Predicate<Context> signed) {
        routes.add(new Route(method, PREFIX + path, role));
        config.routes.addHttpHandler(method, PREFIX + path, ctx -> {
            if (signed != null && ctx.queryParam("key") != null) {
                boolean accepted;
                try {
                    accepted = signed.test(ctx);
                } catch (NoSuchElementException e) {
                    throw new Problem(404, "Not Found", e.getMessage());
                }
                if (!accepted) {
                    throw new Problem(403, "Forbidden", "this key is not this feed's; ask an operator for its URL "
                            + "(caretaker oncall feed-url), which changes when CARETAKER_SECRET_KEY does");
                }
            }
            Users.Identity who = signed != null && ctx.queryParam("key") != null ? null : authenticate(ctx);
            if (who != null && !who.may(role)) {
                throw new Problem(403, "Forbidden", "this needs the " + role.label() + " role; " + switch (who.via()) {
                    case "token" -> "this token of " + who.user() + " acts as " + who.role().label() + " (its scope; 'caretaker tokens list' "
                            + "shows it, 'caretaker tokens create --scope' makes a wider one, never above the user's role)";
                    case "token-role" -> "this token of " + who.user() + " acts as " + who.role().label() + ", its user's role now "
                            + "(a token never acts above its user's role; a wider scope would not help)";
                    default -> who.user() + " is " + who.role().label();
                });
            }
            Object body;
            try {
                body = handler.handle(ctx, who);
            } catch (NoSuchElementException e) {
                throw new Problem(404, "Not Found", e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Problem(400, "Bad Request", e.getMessage());
            } catch (IllegalStateException e) {
                throw new Problem(409, "Conflict", e.getMessage());
            }
            if (body instanceof Raw raw) {
                ctx.contentType(raw.contentType()).result(raw.body());
            } else {
                ctx.contentType("application/json").result(JSON.writeValueAsString(body));
            }
        });
    }

    /** The caller's identity from {@code Authorization: Bearer TOKEN}; 401 without a valid one. */
    private Users.Identity authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"caretaker\"");
            throw new Problem(401, "Unauthorized", "send 'Authorization: Bearer TOKEN'; 'caretaker tokens create --user NAME' makes one");
        }
        Optional<Users.Identity> who = users.byToken(header.substring(7).trim());
        if (who.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"caretaker\", error=\"invalid_token\"");
            throw new Problem(401, "Unauthorized", "the token is unknown, revoked or expired");
        }
        ctx.attribute(IDENTITY, who.get());
        return who.get();
    }

    static void problem(Context ctx, int status, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", ctx.path());
        try {
            ctx.status(status).contentType("application/problem+json; charset=utf-8").result(JSON.writeValueAsBytes(p));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Engine engine() {
        return server.engine();
    }

    private CaretakerConfig config() {
        return server.config();
    }

    private String system() {
        return config().system();
    }

    private AuditLog audit() {
        return engine().actions().auditLog();
    }

    private Outbox outbox() {
        return engine().outbox();
    }

    private static long id(Context ctx) {
        return id(ctx, "id");
    }

    static long id(Context ctx, String param) {
        try {
            return Long.parseLong(ctx.pathParam(param));
        } catch (NumberFormatException e) {
            throw new Problem(400, "Bad Request", "'" + ctx.pathParam(param) + "' is not a number");
        }
    }

    /** A page: {@code limit} items (default 50, at most 500) from {@code cursor}, and the cursor of the next page or null. */
    private static <T> Map<String, Object> page(Context ctx, Paged.Fetch<T> fetch, java.util.function.ToLongFunction<T> idOf,
                                                Function<T, Map<String, Object>> view) {
        Paged<T> page = Paged.read(fetch, cursor(ctx.queryParam("cursor")), limit(ctx), idOf);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(view).toList());
        out.put("next_cursor", page.nextBefore() == null ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("before:" + page.nextBefore()).getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static int limit(Context ctx) {
        String s = ctx.queryParam("limit");
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Problem(400, "Bad Request", "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + s + "'");
    }

    private static Long cursor(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
            if (plain.startsWith("before:")) {
                return Long.parseLong(plain.substring(7));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new Problem(400, "Bad Request", "cursor '" + s + "' is not one this API gave out; start again without it");
    }

    /** The text field {@code name} of a JSON object body (an empty body is an empty object). */
    static String text(Context ctx, String name, boolean required) {
        String raw = ctx.body();
        JsonNode node;
        try {
            node = raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Problem(400, "Bad Request", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new Problem(400, "Bad Request", "the body must be a JSON object");
        }
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw new Problem(400, "Bad Request", "the body needs \"" + name + "\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new Problem(400, "Bad Request", "\"" + name + "\" must be a string");
        }
        return v.asText();
    }

    private Map<String, Object> status() {
        CheckDesk.Overview o = engine().checks().overview();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", system());
        m.put("status", o.status());
        m.put("health_score", o.health());
        m.put("checks", o.counts());
        Map<String, Integer> byPriority = new LinkedHashMap<>();
        o.openIncidents().forEach((p, n) -> {
            if (n > 0) {
                byPriority.put(p.name(), n);
            }
        });
        m.put("open_incidents", byPriority);
        m.put("pending_approvals", o.pendingApprovals());
        m.put("last_run", o.lastRun() == null ? null : o.lastRun().toString());
        return m;
    }

    private List<Map<String, Object>> checks() {
        return engine().checks().states().stream().map(Api::checkSummary).toList();
    }

    private static Map<String, Object> checkSummary(CheckStates.CheckState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.check());
        m.put("type", s.type());
        m.put("status", s.label());
        m.put("last_run_id", s.runId());
        m.put("last_finished_at", s.finishedAt() == null ? null : s.finishedAt().toString());
        return m;
    }

    private Map<String, Object> check(String name) {
        CheckDesk desk = engine().checks();
        Map<String, Object> m = new LinkedHashMap<>(checkSummary(desk.state(name)));
        desk.latest(name).ifPresent(r -> {
            Map<String, Object> view = JsonReport.check(r);
            m.put("duration_ms", view.get("duration_ms"));
            m.put("error", view.get("error"));
            m.put("measurements", view.get("measurements"));
            m.put("findings", view.get("findings"));
        });
        return m;
    }

    private Map<String, Object> series(Context ctx, Users.Identity who) {
        String name = ctx.pathParam("name");
        check(name);
        String metric = ctx.queryParam("metric");
        if (metric == null || metric.isBlank()) {
            throw new Problem(400, "Bad Request", "name a metric: ?metric=http.latency_ms (GET /api/v1/checks/" + name + " lists its measurements)");
        }
        Instant to = instant(ctx, "to", clock.instant());
        Instant from = instant(ctx, "from", to.minus(DEFAULT_SERIES_RANGE));
        if (!from.isBefore(to)) {
            throw new Problem(400, "Bad Request", "from (" + from + ") must be before to (" + to + ")");
        }
        Duration step = ctx.queryParam("step") == null ? null : duration(ctx.queryParam("step"));
        if (step == null && Duration.between(from, to).compareTo(RAW_RANGE) > 0) {
            step = Duration.between(from, to).compareTo(HOURLY_UP_TO) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
        }
        Rollups.Resolution resolution = step == null ? null : Rollups.Resolution.forStep(step);
        if (resolution != null) {
            return rolledUp(name, metric, from, to, step, resolution);
        }
        List<CheckSeries.Point> points = engine().checks().raw(name, metric, from, to);
        Map<String, List<Map<String, Object>>> bySeries = new LinkedHashMap<>();
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        Map<String, Map<Long, double[]>> buckets = new LinkedHashMap<>();
        long stepMillis = step == null ? 0 : step.toMillis();
        for (CheckSeries.Point p : points) {
            String key = p.labels().toString();
            labels.putIfAbsent(key, p.labels());
            if (step == null) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("at", p.at().toString());
                v.put("value", p.value());
                bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            } else {
                long slot = Math.floorDiv(p.at().toEpochMilli(), stepMillis);
                double[] agg = buckets.computeIfAbsent(key, k -> new java.util.TreeMap<>()).computeIfAbsent(slot,
                        s -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, 0, 0});
                agg[0] = Math.min(agg[0], p.value());
                agg[1] = Math.max(agg[1], p.value());
                agg[2] += p.value();
                agg[3]++;
            }
        }
        Duration width = step;
        buckets.forEach((key, slots) -> slots.forEach((slot, agg) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("at", Instant.ofEpochMilli(slot * width.toMillis()).toString());
            v.put("min", agg[0]);
            v.put("max", agg[1]);
            v.put("mean", agg[2] / agg[3]);
            v.put("count", (long) agg[3]);
            bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        }));
        return seriesAnswer(name, metric, from, to, step, "raw", bySeries, labels);
    }

    /** The answer of the series route: the query as understood, and each label set's points. */
    private static Map<String, Object> seriesAnswer(String check, String metric, Instant from, Instant to, Duration step, String resolution,
                                                    Map<String, List<Map<String, Object>>> bySeries, Map<String, Map<String, String>> labels) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("check", check);
        out.put("metric", metric);
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("step", step == null ? null : Units.formatDuration(step));
        out.put("resolution", resolution);
        out.put("series", bySeries.entrySet().stream().map(e -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("labels", labels.get(e.getKey()));
            x.put("points", e.getValue());
            return x;
        }).toList());
        return out;
    }

    /** Ranges longer than this without a step are answered from hourly or daily rollups, not raw rows. */
    static final Duration RAW_RANGE = Duration.ofDays(2);

    /** A series answered from the rollups: min, max, mean and count per step, per label set. */
    private Map<String, Object> rolledUp(String check, String metric, Instant from, Instant to, Duration step,
                                         Rollups.Resolution resolution) {
        Map<String, List<Map<String, Object>>> bySeries = new LinkedHashMap<>();
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (Rollups.Bucket b : engine().checks().rolled(check, metric, resolution, step, from, to)) {
            String key = b.labels().toString();
            labels.putIfAbsent(key, b.labels());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("at", b.at().toString());
            v.put("min", b.min());
            v.put("max", b.max());
            v.put("mean", b.mean());
            v.put("count", b.count());
            bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        }
        return seriesAnswer(check, metric, from, to, step, resolution.label, bySeries, labels);
    }

    private static Instant instant(Context ctx, String name, Instant dflt) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Problem(400, "Bad Request", name + " must be an ISO-8601 instant such as 2026-11-24T02:00:00Z, not '" + s + "'");
        }
    }

    private static Duration duration(String s) {
        try {
            Duration d = Units.parseDuration(s);
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("at least 1s");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new Problem(400, "Bad Request", "step must be a duration such as 5m or 1h (at least 1s), not '" + s + "'");
        }
    }

    /** A stored run as the JSON report has it (its checks, measurements and findings) and the incident events it caused. */
    private Map<String, Object> run(long id) {
        RunResult run = engine().runs().load(id).orElseThrow(() -> new NoSuchElementException("no run #" + id + " of " + system()));
        Map<String, Object> tree = JsonReport.run(run, config().timezone());
        tree.put("incident_events", engine().incidents().eventsOfRun(id).stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("incident", e.incidentId());
            m.put("at", e.at().toString());
            m.put("kind", e.kind());
            m.put("actor", e.actor());
            m.put("detail", e.detail());
            return m;
        }).toList());
        return tree;
    }

    private Object runSuite(Context ctx, Users.Identity who) {
        String suite = ctx.pathParam("name");
        if (!config().suites().containsKey(suite)) {
            throw new NoSuchElementException("no suite '" + suite + "' in " + system()
                    + dev.caretaker.config.Suggestions.didYouMean(suite, config().suites().keySet())
                    + (config().suites().isEmpty() ? "; the config defines none" : "; suites: " + String.join(", ", config().suites().keySet())));
        }
        if (!server.runNow(suite, who.user())) {
            throw new IllegalStateException("suite " + suite + " is already running on this node; its run will show in GET /api/v1/runs");
        }
        ctx.status(202);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", suite);
        m.put("state", "started");
        m.put("by", who.user());
        m.put("runs", PREFIX + "/runs");
        return m;
    }

    private Map<String, Object> incidents(Context ctx, Users.Identity who) {
        IncidentFilter filter = IncidentFilter.parse(ctx.queryParam("state"), ctx.queryParam("priority"), ctx.queryParam("check"));
        return page(ctx, (before, n) -> engine().incidents().page(filter, before, n), Incident::id,
                i -> JsonReport.incident(i, config().timezone()));
    }

    private long ownIncident(long id) {
        return engine().incidents().own(id).id();
    }

    private Map<String, Object> incident(long id) {
        ownIncident(id);
        IncidentDesk.Detail d = engine().incidents().show(id);
        Map<String, Object> tree = new LinkedHashMap<>(JsonReport.incident(d.incident(), config().timezone()));
        tree.put("timeline", d.timeline().stream().map(e -> Views.event(e, config().timezone())).toList());
        tree.put("runbook", d.runbook());
        tree.put("next", d.nextJson(config().timezone()));
        return tree;
    }

    private Map<String, Object> decision(IncidentTracker.Decision d) {
        Map<String, Object> m = new LinkedHashMap<>(JsonReport.incident(d.incident(), config().timezone()));
        m.put("changed", d.changed());
        return m;
    }

    private Approvals.Approval ownApproval(long id) {
        return engine().actions().approval(id);
    }

    /** 403 when {@code auth.require_2fa} keeps {@code who} from approving and rejecting (a local user of a listed role without two factors). */
    private void requireTwoFactors(Users.Identity who) {
        List<String> required = config().auth().require2fa();
        if (!required.isEmpty()) {
            engine().twoFactor(clock, (actor, event, subject, detail) -> { }).approvalRefusal(who.user(), who.role(), required).ifPresent(why -> {
                throw new Problem(403, "Forbidden", why);
            });
        }
    }

    private Object approve(Context ctx, Users.Identity who) {
        long id = id(ctx);
        ownApproval(id);
        requireTwoFactors(who);
        ActionOutcome o;
        try {
            o = engine().actions().approve(id, who.user());
        } catch (dev.caretaker.action.Remediation.SelfApproval e) {
            throw new Problem(403, "Forbidden", e.getMessage());
        } catch (dev.caretaker.action.Remediation.AlreadyDecided e) {
            throw new Problem(409, "Conflict", e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>(Views.approval(ownApproval(id)));
        m.put("outcome", o.line());
        return m;
    }

    private Object reject(Context ctx, Users.Identity who) {
        long id = id(ctx);
        ownApproval(id);
        requireTwoFactors(who);
        String reason = text(ctx, "reason", true);
        try {
            engine().actions().reject(id, who.user(), reason);
        } catch (dev.caretaker.action.Remediation.AlreadyDecided e) {
            throw new Problem(409, "Conflict", e.getMessage());
        }
        return Views.approval(ownApproval(id));
    }

    private static Map<String, Object> verification(AuditLog.Verification v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intact", v.intact());
        m.put("rows", v.rows());
        m.put("broken_at", v.brokenAt() == 0 ? null : v.brokenAt());
        m.put("problem", v.problem());
        m.put("head", v.head().label());
        return m;
    }

    private Map<String, Object> checklists() {
        Instant now = clock.instant();
        return Map.of("items", engine().checklists().today().current().stream().map(i -> Views.checklist(i, now, config().timezone())).toList());
    }

    private Object tick(Context ctx, Users.Identity who) throws IOException {
        String name = ctx.pathParam("name");
        if (!config().checklists().containsKey(name)) {
            throw new Problem(404, "Not Found", "no checklist '" + name + "' in " + system());
        }
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Problem(400, "Bad Request", "the body is not JSON: " + e.getOriginalMessage());
        }
        var t = engine().checklists().tick(name, String.valueOf(id(ctx, "item")), who.user(), body.hasNonNull("note") ? body.get("note").asText() : null);
        Map<String, Object> out = new LinkedHashMap<>(Views.checklist(t.instance(), clock.instant(), config().timezone()));
        out.put("changed", t.changed());
        return out;
    }

    private Object silence(Context ctx, Users.Identity who) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Problem(400, "Bad Request", "the body is not JSON: " + e.getOriginalMessage());
        }
        Instant now = clock.instant();
        Instant starts = body.hasNonNull("starts_at") ? parse(body.get("starts_at").asText(), "starts_at") : now;
        Instant ends;
        if (body.hasNonNull("ends_at")) {
            ends = parse(body.get("ends_at").asText(), "ends_at");
        } else if (body.hasNonNull("duration")) {
            ends = starts.plus(duration(body.get("duration").asText()));
        } else {
            throw new Problem(400, "Bad Request", "say how long: \"duration\": \"2h\" or \"ends_at\": \"2026-11-24T04:00:00Z\"");
        }
        List<String> checks = new ArrayList<>();
        if (body.has("checks")) {
            body.get("checks").forEach(c -> checks.add(c.asText()));
            for (String c : checks) {
                if (!config().checks().containsKey(c)) {
                    throw new Problem(400, "Bad Request", "no check '" + c + "' in " + system()
                            + dev.caretaker.config.Suggestions.didYouMean(c, config().checks().keySet()));
                }
            }
        }
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : "";
        Silences.Silence s = engine().maintenance().set(checks, starts, ends, reason, who.user());
        ctx.status(201).header("Location", PREFIX + "/maintenance/" + s.id());
        return silence(s);
    }

    private Object endSilence(Context ctx, Users.Identity who) {
        MaintenanceDesk.Ended ended = engine().maintenance().end(id(ctx), who.user());
        Map<String, Object> m = new LinkedHashMap<>(silence(ended.window()));
        m.put("changed", ended.changed());
        return m;
    }

    private static Instant parse(String s, String field) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Problem(400, "Bad Request", field + " must be an ISO-8601 instant such as 2026-11-24T02:00:00Z, not '" + s + "'");
        }
    }

    static Map<String, Object> silence(Silences.Silence s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("checks", s.checks());
        m.put("starts_at", s.startsAt().toString());
        m.put("ends_at", s.endsAt().toString());
        m.put("reason", s.reason());
        m.put("created_by", s.createdBy());
        m.put("created_at", s.createdAt().toString());
        m.put("ended_by", s.endedBy());
        m.put("ended_at", s.endedAt() == null ? null : s.endedAt().toString());
        return m;
    }
}
