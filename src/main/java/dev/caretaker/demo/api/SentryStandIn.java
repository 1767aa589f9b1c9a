package dev.caretaker.demo.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentry's web API ({@code /api/0/}) on 127.0.0.1, as its public reference at https://docs.sentry.io/api/ documents it.
 * What each part follows:
 * <ul>
 * <li>"Organizations" → "List an Organization's Projects" (GET /api/0/organizations/{organization_id_or_slug}/projects/:
 * an array of projects with {@code id} (a string), {@code slug}, {@code name}; {@code per_page} up to 100, {@code cursor});</li>
 * <li>"Organizations" → "Retrieve Event Counts for an Organization (v2)" (GET …/stats_v2/: {@code field=sum(quantity)} and
 * {@code groupBy} required, {@code statsPeriod} such as {@code 169h}, {@code interval=1h} (the finest),
 * {@code category} ({@code error}, {@code transaction} …), {@code outcome}, {@code project} (ids; {@code -1} or none: all);
 * the answer {@code {start, end, intervals, groups: [{by: {outcome}, totals: {sum(quantity)}, series: {sum(quantity): […]}}]}},
 * one series value per interval);</li>
 * <li>"Events" → "List an Organization's Issues" (GET …/issues/: {@code project} (ids or slugs), {@code environment},
 * {@code statsPeriod}, {@code query} (default {@code is:unresolved}; the search {@code firstSeen:>DATE}), {@code sort=new}
 * (first seen, newest first), {@code limit} up to 100, {@code cursor}; each issue with {@code id}, {@code shortId},
 * {@code title}, {@code culprit}, {@code level}, {@code status}, {@code count} (a string), {@code firstSeen},
 * {@code lastSeen}, {@code permalink}, {@code project: {id, name, slug}});</li>
 * <li>"Paginating Results" ({@code Link} with a {@code rel="previous"} and a {@code rel="next"} link always, each with
 * {@code results="true|false"} and {@code cursor}; {@code results="false"} means that page is empty);</li>
 * <li>"Rate Limits" (every answer carries {@code X-Sentry-Rate-Limit-Limit}, {@code -Remaining}, {@code -Reset} (UTC epoch
 * seconds), {@code -ConcurrentLimit}, {@code -ConcurrentRemaining}); a refused request is 429 with Sentry's words as a JSON
 * string ("You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds", as Sentry answers);
 * the base adds {@code Retry-After};</li>
 * <li>"Authentication" ({@code Authorization: Bearer TOKEN}); a wrong token is 401 {@code {"detail": "Invalid token"}} (the
 * reference lists 401 without a body; these are the words Sentry sends, in Django REST framework's {@code detail});</li>
 * <li>ETags: Sentry's web API documents none (no ETag, no If-None-Match in its reference), so this stand-in sends none and
 * every request costs a request of the rate limit.</li>
 * </ul>
 */
public final class SentryStandIn extends ApiStandIn {
    private static final Pattern PROJECTS = Pattern.compile("/api/0/organizations/([^/]+)/projects/");
    private static final Pattern STATS = Pattern.compile("/api/0/organizations/([^/]+)/stats_v2/");
    private static final Pattern ISSUES = Pattern.compile("/api/0/organizations/([^/]+)/issues/");
    private static final Pattern FIRST_SEEN = Pattern.compile("firstSeen:>(\\S+)");
    private static final Pattern PERIOD = Pattern.compile("(\\d+)([mhdw])");
    private static final String FIELD = "sum(quantity)";
    private static final int LIMIT = 40;

    /** One batch of events Sentry counted: project id, data category, outcome, hour, how many. */
    private record Events(String project, String category, String outcome, Instant at, long quantity) {
    }

    private final String token;
    private final String organization;
    private final List<ObjectNode> projects = new CopyOnWriteArrayList<>();
    private final List<Events> events = new CopyOnWriteArrayList<>();
    /** Events planted relative to the time of each request: a demo left serving keeps finding what it planted. */
    private final List<java.util.function.Function<Instant, List<Events>>> rolling = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> issues = new CopyOnWriteArrayList<>();
    private final AtomicInteger remaining = new AtomicInteger(LIMIT);

    /** Sentry organization {@code organization}, taking {@code Authorization: Bearer token}, on {@code port} (0: any). */
    public SentryStandIn(String token, String organization, int port) throws IOException {
        super("sentry", port);
        this.token = token;
        this.organization = organization;
        start();
    }

    public SentryStandIn(String token, String organization) throws IOException {
        this(token, organization, 0);
    }

    /** A project as "List an Organization's Projects" shows it. */
    public void project(String id, String slug) {
        ObjectNode p = JSON.createObjectNode();
        p.put("id", id);
        p.put("slug", slug);
        p.put("name", slug);
        p.put("platform", "javascript-nextjs");
        p.put("dateCreated", "2025-03-01T09:00:00.000Z");
        p.put("hasAccess", true);
        p.put("isMember", true);
        p.putArray("environments").add("production");
        projects.add(p);
    }

    /** {@code quantity} events of {@code category} in project {@code projectId} with {@code outcome}, at {@code at}. */
    public void events(String projectId, String category, String outcome, Instant at, long quantity) {
        events.add(new Events(projectId, category, outcome, at, quantity));
    }

    /** The same events every hour for {@code hours} hours before the hour in progress: a steady baseline. */
    public void hourly(String projectId, String category, long perHour, int hours, Instant now) {
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        for (int h = 1; h <= hours; h++) {
            events(projectId, category, "accepted", current.minus(h, ChronoUnit.HOURS).plusSeconds(600), perHour);
        }
    }

    /**
     * As {@link #hourly} and {@link #events}, but counted from the time of each request: {@code perHour} events every hour
     * of the {@code hours} before the hour in progress, and {@code recent} events spread over the last
     * {@code recentMinutes} minutes.
     */
    public void rolling(String projectId, String category, long perHour, int hours, long recent, int recentMinutes) {
        rolling.add(now -> {
            List<Events> out = new ArrayList<>();
            Instant current = now.truncatedTo(ChronoUnit.HOURS);
            for (int h = 1; h <= hours; h++) {
                out.add(new Events(projectId, category, "accepted", current.minus(h, ChronoUnit.HOURS).plusSeconds(600), perHour));
            }
            for (int m = 0; m < recentMinutes && recent > 0; m++) {
                long n = recent / recentMinutes + (m < recent % recentMinutes ? 1 : 0);
                if (n > 0) {
                    out.add(new Events(projectId, category, "accepted", now.minus(m + 1L, ChronoUnit.MINUTES), n));
                }
            }
            return out;
        });
    }

    /** An issue as "List an Organization's Issues" shows it; returns it for more fields. */
    public ObjectNode issue(String id, String projectSlug, String title, String culprit, String level, Instant firstSeen, long count,
                            String environment) {
        ObjectNode project = projects.stream().filter(p -> p.get("slug").asText().equals(projectSlug)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no project " + projectSlug));
        ObjectNode i = JSON.createObjectNode();
        i.put("id", id);
        i.put("shortId", projectSlug.toUpperCase(java.util.Locale.ROOT) + "-" + Long.toString(Long.parseLong(id) % 1000, 36).toUpperCase(java.util.Locale.ROOT));
        i.put("title", title);
        i.put("culprit", culprit);
        i.put("level", level);
        i.put("status", "unresolved");
        i.put("substatus", "new");
        i.put("type", "error");
        i.put("issueCategory", "error");
        i.put("count", String.valueOf(count));
        i.put("userCount", Math.max(1, count / 3));
        i.put("firstSeen", firstSeen.toString());
        i.put("lastSeen", firstSeen.plusSeconds(60).toString());
        i.put("permalink", "https://" + organization + ".sentry.io/issues/" + id + "/");
        i.put("environment", environment); // not a field of the answer: what the environment filter matches
        ObjectNode p = i.putObject("project");
        p.put("id", project.get("id").asText());
        p.put("name", project.get("name").asText());
        p.put("slug", projectSlug);
        issues.add(i);
        return i;
    }

    @Override
    protected boolean authorized(Request r) {
        return token == null || ("Bearer " + token).equals(r.header("authorization"));
    }

    @Override
    protected Reply unauthorized(Request r) {
        return Reply.json(401, "{\"detail\":\"Invalid token\"}");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return Reply.json(429, "\"You are attempting to use this endpoint too frequently. Limit is " + LIMIT + " requests in 1 seconds\"");
    }

    @Override
    protected Reply notFound(Request r) {
        return Reply.json(404, "{\"detail\":\"The requested resource does not exist\"}");
    }

    @Override
    protected Map<String, String> common(Request r, int status) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.put("x-sentry-rate-limit-limit", String.valueOf(LIMIT));
        h.put("x-sentry-rate-limit-remaining", String.valueOf(Math.max(0, status == 429 ? 0 : remaining.decrementAndGet())));
        h.put("x-sentry-rate-limit-reset", String.valueOf(Instant.now().plusSeconds(1).getEpochSecond()));
        h.put("x-sentry-rate-limit-concurrentlimit", "25");
        h.put("x-sentry-rate-limit-concurrentremaining", "24");
        return h;
    }

    @Override
    protected Reply answer(Request r) {
        Matcher m;
        if ((m = PROJECTS.matcher(r.path())).matches()) {
            return mine(m) ? page(r, projects, Math.min(100, Integer.parseInt(r.param("per_page", "100")))) : null;
        }
        if ((m = STATS.matcher(r.path())).matches()) {
            return mine(m) ? stats(r) : null;
        }
        if ((m = ISSUES.matcher(r.path())).matches()) {
            return mine(m) ? issues(r) : null;
        }
        return null;
    }

    private boolean mine(Matcher m) {
        return m.group(1).equals(organization);
    }

    private Reply stats(Request r) {
        if (!FIELD.equals(r.param("field", null)) && !"sum(times_seen)".equals(r.param("field", null))) {
            return Reply.json(400, "{\"detail\":\"Request is missing a \\\"field\\\"\"}");
        }
        if (r.params("groupBy").isEmpty()) {
            return Reply.json(400, "{\"detail\":\"Request is missing a \\\"groupBy\\\"\"}");
        }
        if (!"1h".equals(r.param("interval", "1h"))) {
            return Reply.json(400, "{\"detail\":\"The interval has to be less than one day.\"}");
        }
        Instant now = Instant.now();
        Duration period = period(r.param("statsPeriod", "24h"));
        Instant start = now.minus(period).truncatedTo(ChronoUnit.HOURS);
        List<Instant> intervals = new ArrayList<>();
        for (Instant t = start; !t.isAfter(now); t = t.plus(1, ChronoUnit.HOURS)) {
            intervals.add(t);
        }
        List<String> wanted = r.params("project");
        String category = r.param("category", null);
        String outcome = r.param("outcome", null);
        Predicate<Events> keep = e -> (wanted.isEmpty() || wanted.contains("-1") || wanted.contains(e.project()))
                && (category == null || category.equals(e.category())) && (outcome == null || outcome.equals(e.outcome()))
                && !e.at().isBefore(start) && !e.at().isAfter(now);
        Map<String, long[]> byOutcome = new TreeMap<>();
        List<Events> all = new ArrayList<>(events);
        rolling.forEach(g -> all.addAll(g.apply(now)));
        for (Events e : all) {
            if (keep.test(e)) {
                int k = (int) Duration.between(start, e.at().truncatedTo(ChronoUnit.HOURS)).toHours();
                byOutcome.computeIfAbsent(r.params("groupBy").contains("outcome") ? e.outcome() : "", x -> new long[intervals.size()])[k]
                        += e.quantity();
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("start", start.toString());
        body.put("end", now.truncatedTo(ChronoUnit.SECONDS).toString());
        ArrayNode iv = body.putArray("intervals");
        intervals.forEach(t -> iv.add(t.toString()));
        ArrayNode groups = body.putArray("groups");
        byOutcome.forEach((o, series) -> {
            ObjectNode g = groups.addObject();
            ObjectNode by = g.putObject("by");
            if (!o.isEmpty()) {
                by.put("outcome", o);
            }
            g.putObject("totals").put(FIELD, java.util.Arrays.stream(series).sum());
            ArrayNode s = g.putObject("series").putArray(FIELD);
            for (long v : series) {
                s.add(v);
            }
        });
        return Reply.json(200, body);
    }

    private Reply issues(Request r) {
        List<String> wanted = r.params("project");
        List<String> envs = r.params("environment");
        String query = r.param("query", "is:unresolved");
        Matcher fs = FIRST_SEEN.matcher(query);
        Instant after;
        try {
            after = fs.find() ? Instant.parse(fs.group(1)) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            return Reply.json(400, "{\"detail\":\"Invalid date: " + fs.group(1) + "\"}");
        }
        boolean unresolved = query.contains("is:unresolved");
        Instant from = Instant.now().minus(period(r.param("statsPeriod", "14d")));
        List<ObjectNode> match = issues.stream()
                .filter(i -> wanted.isEmpty() || wanted.contains("-1") || wanted.contains(i.get("project").get("id").asText())
                        || wanted.contains(i.get("project").get("slug").asText()))
                .filter(i -> envs.isEmpty() || envs.contains(i.get("environment").asText()))
                .filter(i -> !unresolved || "unresolved".equals(i.get("status").asText()))
                .filter(i -> Instant.parse(i.get("firstSeen").asText()).isAfter(after))
                .filter(i -> !Instant.parse(i.get("lastSeen").asText()).isBefore(from))
                .sorted(Comparator.comparing((ObjectNode i) -> i.get("firstSeen").asText()).reversed())
                .map(i -> {
                    ObjectNode shown = i.deepCopy();
                    shown.remove("environment");
                    return shown;
                }).toList();
        return page(r, match, Math.min(100, Integer.parseInt(r.param("limit", "100"))));
    }

    /**
     * One page of {@code all} at the request's {@code cursor} ({@code 0:OFFSET:0}), with the {@code Link} header of
     * "Paginating Results": a previous and a next link always, each saying whether its page has results.
     */
    private Reply page(Request r, List<ObjectNode> all, int size) {
        int offset = 0;
        String cursor = r.param("cursor", null);
        if (cursor != null) {
            String[] parts = cursor.split(":");
            offset = parts.length == 3 ? Integer.parseInt(parts[1]) : 0;
        }
        ArrayNode body = JSON.createArrayNode();
        all.stream().skip(offset).limit(size).forEach(body::add);
        String prev = "0:" + Math.max(0, offset - size) + ":1";
        String next = "0:" + (offset + size) + ":0";
        String link = "<" + link(r, "cursor", prev) + ">; rel=\"previous\"; results=\"" + (offset > 0) + "\"; cursor=\"" + prev + "\", "
                + "<" + link(r, "cursor", next) + ">; rel=\"next\"; results=\"" + (offset + size < all.size()) + "\"; cursor=\"" + next + "\"";
        return Reply.json(200, body).with("link", link);
    }

    private static Duration period(String p) {
        Matcher m = PERIOD.matcher(p);
        if (!m.matches()) {
            return Duration.ofDays(14);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
