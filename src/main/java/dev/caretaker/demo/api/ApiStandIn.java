package dev.caretaker.demo.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's HTTP API on 127.0.0.1, as its public reference documents it: the demo points its example configs at one, and
 * the tests at the same one. This base serves what every provider shares — the request log, a delay (a slow API), the next
 * requests refused with 429 and {@code Retry-After}, the credential check, and ETags with 304 where the provider documents
 * them; a subclass answers the provider's own paths with the provider's own bodies, headers and error shapes, and its
 * Javadoc names the document and section each answer follows.
 */
public abstract class ApiStandIn implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it came (header names lower case), and the status it got. */
    public record Seen(String method, String path, Map<String, String> query, Map<String, String> headers, int status) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A request to answer: its method, path, decoded query (a repeated parameter keeps every value) and headers. */
    public record Request(String method, String path, Map<String, List<String>> params, Map<String, String> headers, String body) {
        /** The first value of a query parameter, or {@code fallback}. */
        public String param(String name, String fallback) {
            List<String> v = params.get(name);
            return v == null || v.isEmpty() ? fallback : v.get(0);
        }

        public List<String> params(String name) {
            return params.getOrDefault(name, List.of());
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer: status, headers and body ({@code null}: none). */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, Object body) {
            try {
                return new Reply(status, Map.of(), body instanceof String s ? s : JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public Reply with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Reply(status, h, body);
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger limitedNext = new AtomicInteger();
    private final HttpServer server;
    private volatile Duration delay = Duration.ZERO;
    private volatile String retryAfter = "1";

    /** Listens on {@code port} of 127.0.0.1 (0: any free port); call {@link #start()} once the subclass is ready. */
    protected ApiStandIn(String name, int port) throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new IOException("port " + port + " on 127.0.0.1 is in use; stop what holds it or set CARETAKER_DEMO_PORT_BASE", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, name + "-stand-in");
            t.setDaemon(true);
            return t;
        }));
    }

    protected final void start() {
        server.start();
    }

    /** The base URL a check's {@code base_url} takes: {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The address a check is pointed at ({@link #url()} unless the API's clients take more, e.g. a storage account's path). */
    public String clientUrl() {
        return url();
    }

    /** What a check is given as its credential, for the {@code token} this stand-in was started with (the token itself by default). */
    public String credential(String token) {
        return token;
    }

    /** Every answer waits this long first: an API slower than the check's timeout. */
    public void delay(Duration d) {
        delay = d;
    }

    /** The next {@code n} requests are refused with 429 and {@code Retry-After: seconds}. */
    public void rateLimitNext(int n, String seconds) {
        retryAfter = seconds;
        limitedNext.set(n);
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /**
     * What a channel delivered here, one plain line per message (a chat card's title and text, an alert's alias and
     * message), for the demo to show that its notifications went out; none for a stand-in that takes no messages.
     */
    public List<String> messages() {
        return List.of();
    }

    /** The requests whose path contains {@code part}. */
    public List<Seen> requestsTo(String part) {
        return seen.stream().filter(s -> s.path().contains(part)).toList();
    }

    /** Whether the request carries the credential this stand-in was made with (the provider's own scheme). */
    protected abstract boolean authorized(Request r);

    /** The provider's answer to a bad or missing credential. */
    protected abstract Reply unauthorized(Request r);

    /** The provider's answer when its rate limit refuses a request; {@code Retry-After} is added. */
    protected abstract Reply rateLimited(Request r);

    /** The provider's answer to a request it serves; {@code null} for a path it does not know (then {@link #notFound}). */
    protected abstract Reply answer(Request r) throws IOException;

    protected abstract Reply notFound(Request r);

    /** Headers every answer carries (content type, rate-limit budget …); counted after the answer is made. */
    protected Map<String, String> common(Request r, int status) {
        return Map.of("content-type", "application/json; charset=utf-8");
    }

    /** A body's bytes on the wire: UTF-8 text here; a provider that serves bytes keeps them one ISO-8859-1 character each. */
    protected byte[] encode(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the provider documents ETags on its answers: then a 200 carries one and a matching If-None-Match gets 304. */
    protected boolean etags() {
        return false;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Request r = request(ex);
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            Reply reply;
            if (!authorized(r)) {
                reply = unauthorized(r);
            } else if (limitedNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply = rateLimited(r).with("retry-after", retryAfter);
            } else {
                Reply a = answer(r);
                reply = a == null ? notFound(r) : a;
            }
            if (etags() && reply.status() == 200 && reply.body() != null) {
                String etag = "\"" + sha1(reply.body()) + "\"";
                reply = etag.equals(r.header("if-none-match")) ? new Reply(304, reply.with("etag", etag).headers(), null)
                        : reply.with("etag", etag);
            }
            send(ex, r, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Request request(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), params(ex.getRequestURI().getRawQuery()), headers, body);
    }

    private void send(HttpExchange ex, Request r, Reply reply) throws IOException {
        Map<String, String> first = new LinkedHashMap<>();
        r.params().forEach((k, v) -> first.put(k, v.isEmpty() ? "" : v.get(0)));
        seen.add(new Seen(r.method(), r.path(), first, r.headers(), reply.status()));
        var h = ex.getResponseHeaders();
        common(r, reply.status()).forEach(h::set);
        reply.headers().forEach(h::set);
        if (reply.body() == null) {
            ex.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] out = encode(reply.body());
        ex.sendResponseHeaders(reply.status(), out.length);
        ex.getResponseBody().write(out);
    }

    /** The query string's parameters, decoded; {@code a=1&a=2} keeps both. */
    public static Map<String, List<String>> params(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** This stand-in's URL for {@code path} with the request's query, one parameter replaced: a pagination link. */
    protected String link(Request r, String param, String value) {
        Map<String, List<String>> q = new LinkedHashMap<>(r.params());
        q.put(param, List.of(value));
        StringBuilder out = new StringBuilder(url() + r.path());
        char sep = '?';
        for (var e : q.entrySet()) {
            for (String v : e.getValue()) {
                out.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return out.toString();
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
