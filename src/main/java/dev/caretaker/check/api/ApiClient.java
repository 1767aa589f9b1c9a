package dev.caretaker.check.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.http.HttpExchange;
import dev.caretaker.config.ApiSettings;
import dev.caretaker.config.Units;
import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check's conversation with a provider's JSON API, within the check's timeout: the token as a bearer (or as HTTP Basic
 * credentials, {@link Auth#basic}), sent only to the base URL's host, conditional
 * requests from an {@link EtagCache} (an unchanged answer comes back as 304 and costs no rate limit), pagination by the
 * {@code Link} header's {@code rel="next"}, a back-off on 429 (or a 403 that says the rate limit is spent) as long as
 * {@code Retry-After} or {@code x-ratelimit-reset} fits in the time left, and every failure as an {@link ApiException} in
 * the provider's own words. Requests go one after another (GitHub asks integrators to avoid concurrent requests). The
 * token is only ever written into the {@code Authorization} header; callers scrub messages with the config's secrets too.
 */
public final class ApiClient {
    /** The most pages one listing follows; GitHub lists at most 1,000 runs per filtered query (10 pages of 100). */
    public static final int MAX_PAGES = 20;
    /** The largest answer read; a bigger one is an error, not a silently cut page. */
    static final int MAX_BODY = 16 << 20;
    /** Waits for a rate limit at most this many times in one check. */
    static final int MAX_WAITS = 3;
    /** GitHub: "Otherwise, wait for at least one minute before retrying" when a limit names no time. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);
    /**
     * An {@code x-ratelimit-reset} below this is seconds to wait (Supabase), at or above it the epoch second the limit resets
     * (GitHub): no epoch second since 2001 is this small, and no rate-limit window this long.
     */
    static final long EPOCH_SECONDS_FLOOR = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    /**
     * How the token is sent: as {@code Authorization: Bearer TOKEN} (GitHub, SendGrid, Sentry), or as HTTP Basic credentials
     * with a fixed user name and the token as the password (Mailgun: user {@code api}, "API Reference", "Authentication").
     */
    public record Auth(String basicUser) {
        public static final Auth BEARER = new Auth(null);

        public static Auth basic(String user) {
            return new Auth(user);
        }

        String header(String token) {
            if (basicUser == null) {
                return "Bearer " + token;
            }
            return "Basic " + Base64.getEncoder().encodeToString((basicUser + ":" + token).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What came back: the JSON body (from the cache on a 304), its headers' next page, and whether it was unchanged. */
    public record Answer(JsonNode body, Optional<URI> next, boolean notModified) {
    }

    private final String provider;
    private final ApiSettings settings;
    private final Map<String, String> headers;
    private final String cacheScope;
    private final Clock clock;
    private final Auth auth;
    private final long deadlineNanos;
    private String readScope;
    private int sent;
    private int requests;
    private int notModified;
    private int waits;
    private OptionalLong remaining = OptionalLong.empty();

    /**
     * A client for {@code provider} (as messages name it: "GitHub"), with the check's settings, the plain headers the API asks
     * for (Accept, a version), and the scope of its cached answers (the check's name). The check's timeout starts now.
     */
    public ApiClient(String provider, ApiSettings settings, Map<String, String> headers, String cacheScope, Clock clock) {
        this(provider, settings, headers, cacheScope, clock, Auth.BEARER);
    }

    /** As above, with the token sent as {@code auth} says. */
    public ApiClient(String provider, ApiSettings settings, Map<String, String> headers, String cacheScope, Clock clock, Auth auth) {
        this.provider = provider;
        this.auth = auth;
        this.readScope = "GitHub".equals(provider) ? "for GitHub Actions: 'Actions: read' on the repository" : null;
        this.settings = settings;
        this.headers = Map.copyOf(headers);
        this.cacheScope = cacheScope + "\n" + digest(settings.token());
        this.clock = clock;
        this.deadlineNanos = System.nanoTime() + settings.timeout().toNanos();
    }

    /** What a 403's hint names as the read access the token needs (e.g. SendGrid's "stats.read" scope). */
    public ApiClient readScope(String scope) {
        this.readScope = scope;
        return this;
    }

    /** {@code path} (with its query) under the base URL. */
    public URI url(String path) {
        return URI.create(settings.base() + path);
    }

    /** One page: the JSON answer to GET {@code url}. */
    public Answer get(URI url) throws ApiException, InterruptedException {
        while (true) {
            Duration left = left();
            if (left.isNegative() || left.isZero()) {
                throw timedOut();
            }
            String key = cacheScope + "\n" + url;
            Optional<EtagCache.Entry> cached = EtagCache.get(key);
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(left).GET()
                    .header("User-Agent", "caretaker/" + BuildInfo.version());
            headers.forEach(b::header);
            cached.ifPresent(c -> b.header("If-None-Match", c.etag()));
            if (settings.token() != null && sameOrigin(url, settings.baseUrl())) {
                b.header("Authorization", auth.header(settings.token()));
            }
            sent++;
            HttpExchange.Answer a = send(b.build(), left);
            requests++;
            LOG.debug("{} GET {} answered {}", provider, url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()),
                    a.status());
            var h = a.response().headers();
            h.firstValue("x-ratelimit-remaining").or(() -> h.firstValue("x-sentry-rate-limit-remaining"))
                    .ifPresent(v -> parseLong(v).ifPresent(n -> remaining = OptionalLong.of(n)));
            Optional<URI> next = Links.find(h.firstValue("link").orElse(null), "next");
            if (a.status() == 304 && cached.isPresent()) {
                notModified++;
                return new Answer(parse(cached.get().body(), url), next, true);
            }
            if (a.status() / 100 == 2) {
                if (a.truncated()) {
                    throw new ApiException(provider + "'s answer to " + url.getPath() + " is larger than " + (MAX_BODY >> 20)
                            + " MB; narrow the check (a shorter window, a branch, fewer workflows)", a.status());
                }
                String text = a.text();
                JsonNode body = parse(text, url);
                EtagCache.put(key, h.firstValue("etag").orElse(null), text);
                return new Answer(body, next, false);
            }
            Optional<Duration> wait = rateLimitWait(a);
            if (wait.isPresent()) {
                waitOut(wait.get(), a);
                continue;
            }
            throw failure(a, url);
        }
    }

    /** Every item of the array {@code field} (null: the answer is the array) over all pages, following {@code rel="next"}. */
    public List<JsonNode> all(URI first, String field) throws ApiException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        URI url = first;
        for (int page = 1; url != null; page++) {
            if (page > MAX_PAGES) {
                throw new ApiException(provider + " has more than " + MAX_PAGES + " pages for " + first.getPath()
                        + "; narrow the check (a shorter window, a branch or an event)", 0);
            }
            Answer a = get(url);
            JsonNode array = field == null ? a.body() : a.body().path(field);
            array.forEach(items::add);
            url = a.next().map(n -> sameOrigin(n, first) ? n : null).orElse(null);
            if (a.next().isPresent() && url == null) {
                throw new ApiException(provider + "'s next page is on another host (" + a.next().get().getHost()
                        + "); Caretaker does not send the token there", 0);
            }
        }
        return items;
    }

    /**
     * The rate limit left after the last answer ({@code x-ratelimit-remaining}; Sentry's
     * {@code X-Sentry-Rate-Limit-Remaining}), if the provider said.
     */
    public OptionalLong rateLimitRemaining() {
        return remaining;
    }

    /** Requests answered (one still waiting at the timeout is not), and how many of them came back 304 Not Modified. */
    public int requests() {
        return requests;
    }

    public int notModified() {
        return notModified;
    }

    private HttpExchange.Answer send(HttpRequest request, Duration left) throws ApiException, InterruptedException {
        try {
            return HttpExchange.send(client(settings.timeout()), request, left, MAX_BODY);
        } catch (HttpTimeoutException e) {
            throw timedOut();
        } catch (IOException e) {
            throw new ApiException(provider + " at " + request.uri().getHost() + " did not answer: " + HttpExchange.noAnswer(e, request.uri().getHost()), 0);
        }
    }

    private ApiException timedOut() {
        return new ApiException(provider + " did not answer within the check's timeout of " + Units.formatDuration(settings.timeout())
                + " (" + sent + (sent == 1 ? " request" : " requests") + " sent, " + requests + " answered); raise 'timeout' if the API is slow, or narrow the check", 0);
    }

    /**
     * How long a refused request asks to wait, when it is a rate limit: 429, or 403 with {@code x-ratelimit-remaining: 0},
     * {@code retry-after} or a message that says so (GitHub's "Rate limits for the REST API", "Exceeding the rate limit").
     * The wait is {@code Retry-After}, else Sentry's {@code x-sentry-rate-limit-reset} (an epoch second), else
     * {@code x-ratelimit-reset} (seconds to wait for Supabase, the epoch second of the reset for GitHub and SendGrid), else a
     * minute.
     */
    private Optional<Duration> rateLimitWait(HttpExchange.Answer a) {
        var h = a.response().headers();
        Optional<String> retryAfter = h.firstValue("retry-after");
        boolean spent = h.firstValue("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent();
        boolean says = message(a.text()).map(m -> m.toLowerCase(java.util.Locale.ROOT).contains("rate limit")).orElse(false);
        if (a.status() != 429 && !(a.status() == 403 && (retryAfter.isPresent() || spent || says))) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            return Optional.of(retryAfter(retryAfter.get()));
        }
        // Sentry's "Rate Limits": X-Sentry-Rate-Limit-Reset, the start of the next window in UTC epoch seconds
        OptionalLong sentryReset = h.firstValue("x-sentry-rate-limit-reset").map(ApiClient::parseLong).orElse(OptionalLong.empty());
        if (a.status() == 429 && sentryReset.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(1, sentryReset.getAsLong() - clock.instant().getEpochSecond())));
        }
        OptionalLong reset = h.firstValue("x-ratelimit-reset").map(ApiClient::parseLong).orElse(OptionalLong.empty());
        if (reset.isPresent() && reset.getAsLong() < EPOCH_SECONDS_FLOOR) {
            // Supabase's Management API: "the number of seconds remaining until your rate limit resets"
            return Optional.of(Duration.ofSeconds(Math.max(1, reset.getAsLong())));
        }
        if (spent && reset.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(1, reset.getAsLong() - clock.instant().getEpochSecond())));
        }
        return Optional.of(DEFAULT_WAIT);
    }

    /** {@code Retry-After}: seconds, or an HTTP date (RFC 9110). */
    private Duration retryAfter(String value) {
        OptionalLong seconds = parseLong(value);
        if (seconds.isPresent()) {
            return Duration.ofSeconds(Math.max(0, seconds.getAsLong()));
        }
        try {
            Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (java.time.format.DateTimeParseException e) {
            return DEFAULT_WAIT;
        }
    }

    private void waitOut(Duration wait, HttpExchange.Answer a) throws ApiException, InterruptedException {
        String said = message(a.text()).map(m -> ": " + m).orElse("");
        if (waits >= MAX_WAITS || wait.compareTo(left()) >= 0) {
            throw new ApiException(provider + " refused for its rate limit (" + a.status() + said + ") and asks to wait "
                    + Units.formatDuration(wait.isZero() ? Duration.ofSeconds(1) : wait) + ", more than the check's timeout of "
                    + Units.formatDuration(settings.timeout()) + " leaves; the next run tries again", a.status());
        }
        waits++;
        Thread.sleep(Math.max(1, wait.toMillis()));
    }

    private ApiException failure(HttpExchange.Answer a, URI url) {
        String said = message(a.text()).orElse("");
        String doc = docs(a.text()).map(d -> " (" + d + ")").orElse("");
        String hint = switch (a.status()) {
            case 401 -> "; the token is missing, wrong or expired: check the variable 'token' names";
            case 403 -> "; the token may lack read access" + (readScope == null ? "" : " (" + readScope + ")");
            case 404 -> "; the name is wrong, or the token cannot see it";
            case 301, 302, 307, 308 -> "; it moved to " + a.response().headers().firstValue("location").orElse("another address")
                    + " (a renamed repository?): use the new name";
            default -> "";
        };
        return new ApiException(provider + " answered " + a.status() + " to " + url.getPath() + (said.isEmpty() ? "" : ": " + said) + doc
                + hint, a.status());
    }

    /**
     * The provider's own message in an error body: {@code message} (GitHub, Mailgun), {@code detail} (Sentry), {@code error},
     * or the messages of an {@code errors} array (SendGrid: {@code {"errors":[{"field":…,"message":…}]}}).
     */
    static Optional<String> message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                return Optional.of(abbreviate(n.asText())); // a bare JSON string (Sentry's 429 answer)
            }
            Optional<String> listed = errors(n);
            if (listed.isPresent()) {
                return listed;
            }
            for (String field : List.of("message", "detail", "error_description", "error", "msg")) {
                JsonNode v = n == null ? null : n.get(field);
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    return Optional.of(abbreviate(v.asText()));
                }
            }
        } catch (IOException e) {
            // not JSON: quoted as text below
        }
        String text = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(abbreviate(text));
    }

    /** SendGrid's "Errors" page: a failed request returns an {@code errors} array, each entry a {@code field} and a {@code message}. */
    private static Optional<String> errors(JsonNode n) {
        JsonNode list = n == null ? null : n.get("errors");
        if (list == null || !list.isArray()) {
            return Optional.empty();
        }
        List<String> said = new ArrayList<>();
        for (JsonNode e : list) {
            String m = e.path("message").asText("");
            if (!m.isBlank()) {
                String field = e.path("field").isTextual() ? e.path("field").asText() : "";
                said.add(field.isBlank() ? m : field + ": " + m);
            }
        }
        return said.isEmpty() ? Optional.empty() : Optional.of(abbreviate(String.join("; ", said)));
    }

    private static Optional<String> docs(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode d = n == null ? null : n.get("documentation_url");
            return d != null && d.isTextual() ? Optional.of(d.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private JsonNode parse(String text, URI url) throws ApiException {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ApiException(provider + "'s answer to " + url.getPath() + " is not JSON: " + abbreviate(text), 200);
        }
    }

    private Duration left() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private static OptionalLong parseLong(String v) {
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    /** A digest of the token, so cached answers are kept per token without holding the token in a key. */
    private static String digest(String token) {
        if (token == null) {
            return "anonymous";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // one client per connect timeout, shared by every API check: each client holds a selector thread
    private static HttpClient client(Duration connectTimeout) {
        return CLIENTS.computeIfAbsent(connectTimeout, t -> HttpClient.newBuilder().connectTimeout(t)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }
}
