package dev.caretaker.notify;

import dev.caretaker.check.http.HttpExchange;
import dev.caretaker.config.Secrets;
import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON over HTTP to one service, for every channel and ticket system: one exchange within its deadline (the whole exchange,
 * not only the headers), the answer read up to a bound, redirects not followed (a 3xx is an answer like any other that is
 * not 2xx), and an error that names the service, its HTTP status and an excerpt of what it said. Header values marked
 * secret never appear in an error or a log line. A new channel or ticket system is one small class on top of it.
 */
public final class JsonSender {
    /** How long one exchange may take at most, and how much of an answer is read. */
    public record Limits(Duration timeout, int maxAnswer) {
    }

    /** A chat, a pager or a webhook answers "ok" or an error: a short read, a short wait. */
    public static final Limits CHANNEL = new Limits(Duration.ofSeconds(10), 16 * 1024);
    /** A ticket system answers with the whole ticket, and takes its time filing it. */
    public static final Limits TICKETS = new Limits(Duration.ofSeconds(15), 256 * 1024);
    /** How much of a service's answer an error quotes. */
    public static final int EXCERPT = 200;

    // one client per connect timeout, shared by every sender: each client holds a selector thread
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    /**
     * The headers of one request: {@code plain} ones ({@code Accept}, an API version, an idempotency key) and {@code secret}
     * ones (tokens, configured webhook headers), whose values this class never writes into an error, and whose values its
     * {@link #toString()} leaves out. Secret ones are set last, so a configured header replaces a default of the same name.
     */
    public record Headers(Map<String, String> plain, Map<String, String> secret) {
        public static final Headers NONE = new Headers(Map.of(), Map.of());

        public Headers {
            plain = Map.copyOf(plain);
            secret = Map.copyOf(secret);
        }

        public static Headers secret(Map<String, String> secret) {
            return new Headers(Map.of(), secret);
        }

        /** These headers with {@code name: value} added to the plain ones. */
        public Headers withPlain(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(plain);
            more.put(name, value);
            return new Headers(more, secret);
        }

        @Override
        public String toString() {
            return "Headers" + plain + " and secret " + secret.keySet();
        }
    }

    /**
     * What a service's error answer says in its own words (Telegram's {@code description}, Twilio's {@code message}), read from
     * its status and body; null when the body says nothing readable (then an excerpt of the body is quoted).
     */
    @FunctionalInterface
    public interface ErrorWords {
        ErrorWords NONE = (status, body) -> null;

        String of(int status, String body);

        /** How long the answer asks to wait before trying again, when its body says so (Telegram's {@code retry_after}); else null. */
        default Duration retryAfter(int status, String body) {
            return null;
        }
    }

    private final String service;
    private final Limits limits;
    private final boolean namesPath;
    private final ErrorWords words;
    private final java.util.List<String> masked;

    /**
     * A sender to {@code service} (as errors name it: "slack", "GitHub"); {@code namesPath} says whether an error names the
     * method and path it called — not where the address is itself the credential, as a Slack webhook's is.
     */
    public JsonSender(String service, Limits limits, boolean namesPath) {
        this(service, limits, namesPath, ErrorWords.NONE, java.util.List.of());
    }

    private JsonSender(String service, Limits limits, boolean namesPath, ErrorWords words, java.util.List<String> masked) {
        this.service = service;
        this.limits = limits;
        this.namesPath = namesPath;
        this.words = words;
        this.masked = masked;
    }

    /** This sender, with an error quoting the service's own words as {@code words} reads them from its answer. */
    public JsonSender withErrorWords(ErrorWords words) {
        return new JsonSender(service, limits, namesPath, words, masked);
    }

    /**
     * This sender, with {@code values} masked in every error besides the secret headers: a credential that is part of the
     * address (Telegram's bot token is in the path) or of the body (Pushover's token).
     */
    public JsonSender masking(String... values) {
        java.util.List<String> more = new java.util.ArrayList<>(masked);
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                more.add(v);
            }
        }
        return new JsonSender(service, limits, namesPath, words, java.util.List.copyOf(more));
    }

    /** A sender for a channel: its address is a secret of its own, so errors do not name it. */
    public static JsonSender channel(String service) {
        return new JsonSender(service, CHANNEL, false);
    }

    /**
     * Sends {@code json} with {@code method} to {@code url} within {@code deadline} (and never longer than the limits' timeout);
     * returns the service's answer, or throws with its status and an excerpt of what it said.
     */
    public String send(String method, URI url, Headers headers, String json, Duration deadline) throws DeliveryException {
        return send(method, url, headers, "application/json", json, deadline);
    }

    /**
     * As above, with a body of {@code contentType} ({@code application/x-www-form-urlencoded} for Twilio and Pushover). A 429
     * or 503 answer's {@code Retry-After} (seconds) goes with the error, so the outbox waits at least that long.
     */
    public String send(String method, URI url, Headers headers, String contentType, String body, Duration deadline) throws DeliveryException {
        Duration limit = deadline.compareTo(limits.timeout()) < 0 ? deadline : limits.timeout();
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(limit.isZero() ? Duration.ofMillis(1) : limit)
                .header("Content-Type", contentType)
                .header("User-Agent", "caretaker/" + BuildInfo.version())
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.plain().forEach(b::setHeader);
        headers.secret().forEach(b::setHeader);
        try {
            HttpExchange.Answer r = HttpExchange.send(client(limits.timeout()), b.build(), limit, limits.maxAnswer());
            if (r.status() / 100 != 2) {
                String own = ownWords(r.status(), r.text());
                String said = mask(own != null ? own : r.text().replaceAll("\\s+", " ").trim(), headers);
                throw new DeliveryException(service + " answered " + r.status() + (namesPath ? " to " + method + " " + url.getPath() : "")
                        + (said.isEmpty() ? "" : ": " + said.substring(0, Math.min(EXCERPT, said.length()))), retryAfter(r, words));
            }
            return r.text();
        } catch (IOException e) {
            throw new DeliveryException(service + ": " + mask(why(e, url), headers), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(service + ": interrupted", e);
        }
    }

    /**
     * A channel that posts each message's {@code body} to {@code url}, with its dedup key as {@code Idempotency-Key} if asked
     * (and then as {@code dedup_key} in a JSON object body too), so a receiver can drop a message re-sent after a sender died
     * mid-post.
     */
    public Channel poster(URI url, Headers headers, boolean idempotencyKey) {
        return poster(url, headers, idempotencyKey, idempotencyKey);
    }

    /** As above, with the dedup key as a header ({@code header}) and in the body ({@code inBody}) chosen apart. */
    public Channel poster(URI url, Headers headers, boolean header, boolean inBody) {
        return new Channel() {
            @Override
            public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
                deliverAnswered(m, deadline);
            }

            @Override
            public String deliverAnswered(OutboxMessage m, Duration deadline) throws DeliveryException {
                return answered(send("POST", url, header ? headers.withPlain("Idempotency-Key", m.dedupKey()) : headers,
                        inBody ? withKey(m.get("body"), m.dedupKey()) : m.get("body"), deadline), headers);
            }
        };
    }

    /** A service's answer as one line for a person, cut to the excerpt's length, with the secrets masked. */
    public String answered(String answer, Headers headers) {
        String said = mask(answer.replaceAll("\\s+", " ").trim(), headers);
        return said.isEmpty() ? "accepted (an empty answer)" : said.substring(0, Math.min(EXCERPT, said.length()));
    }

    private String ownWords(int status, String body) {
        try {
            String w = words.of(status, body);
            return w == null || w.isBlank() ? null : w.replaceAll("\\s+", " ").trim();
        } catch (RuntimeException e) {
            return null; // not the shape the service documents: the body's excerpt says what it is
        }
    }

    private String mask(String text, Headers headers) {
        String out = masked(text, headers);
        for (String v : masked) {
            out = out.replace(v, Secrets.MASK);
        }
        return out;
    }

    /**
     * How long a refusal asks to wait: for a 429 or 503, what {@link RetryAfter} reads (a body's {@code retry_after}, the
     * {@code Retry-After} header, Discord's reset header); else what the service's own words say (Telegram's
     * {@code parameters.retry_after}); null when nothing says.
     */
    private static Duration retryAfter(HttpExchange.Answer r, ErrorWords words) {
        Duration d = r.status() == 429 || r.status() == 503 ? RetryAfter.of(r.response().headers(), r.text()) : null;
        if (d != null) {
            return d;
        }
        try {
            Duration own = words.retryAfter(r.status(), r.text());
            return own == null || own.compareTo(RetryAfter.MAX) <= 0 ? own : RetryAfter.MAX;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A JSON answer's field, or null: what most services' error words are. */
    public static com.fasterxml.jackson.databind.JsonNode field(String body, String name) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(body);
            return n == null || n.get(name) == null || n.get(name).isNull() ? null : n.get(name);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** {@code body} with {@code "dedup_key": key} added when it is a JSON object without one; else as it is. */
    static String withKey(String body, String key) {
        try {
            if (JSON.readTree(body) instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("dedup_key")) {
                o.put("dedup_key", key);
                return JSON.writeValueAsString(o);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: sent as it is
        }
        return body;
    }

    /** {@code text} with every secret header value, and the credential after an auth scheme ("Bearer …"), masked. */
    static String masked(String text, Headers headers) {
        Secrets secrets = new Secrets();
        for (String v : headers.secret().values()) {
            secrets.add(v);
            if (v != null && v.indexOf(' ') > 0) {
                secrets.add(v.substring(v.indexOf(' ') + 1));
            }
        }
        return secrets.redact(text);
    }

    private static HttpClient client(Duration connectTimeout) {
        // redirects are not followed: a channel or ticket system that moved says so by its 3xx, in the error; HTTP/1.1, so a
        // plain-http receiver gets no "Upgrade: h2c" it may choke on (messages are small: HTTP/2 gains nothing here)
        return CLIENTS.computeIfAbsent(connectTimeout, t -> HttpClient.newBuilder().connectTimeout(t).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /**
     * An I/O failure in words: the JDK's own message, or — where it has none, as its client's refused or unresolvable
     * connection — what to check.
     */
    static String why(IOException e, URI url) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        String where = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        if (e instanceof java.net.ConnectException) {
            return "could not connect to " + where + " (its name does not resolve, nothing listens there, or a firewall refuses)";
        }
        return e.getClass().getSimpleName() + " talking to " + where;
    }
}
