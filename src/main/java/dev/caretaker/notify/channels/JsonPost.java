package dev.caretaker.notify.channels;

import dev.caretaker.check.http.HttpExchange;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/** Delivery by one JSON POST of the message's {@code body}, the whole exchange within the deadline. */
final class JsonPost implements Channel {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    static final int MAX_ANSWER = 16 * 1024;

    private final String kind;
    private final URI url;
    private final Map<String, String> headers;
    private final boolean idempotencyKey;

    JsonPost(String kind, URI url, Map<String, String> headers, boolean idempotencyKey) {
        this.kind = kind;
        this.url = url;
        this.headers = headers;
        this.idempotencyKey = idempotencyKey;
    }

    @Override
    public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
        Duration limit = deadline.compareTo(TIMEOUT) < 0 ? deadline : TIMEOUT;
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(limit.isZero() ? Duration.ofMillis(1) : limit)
                .header("Content-Type", "application/json")
                .header("User-Agent", "caretaker/" + BuildInfo.version())
                .POST(HttpRequest.BodyPublishers.ofString(m.get("body")));
        if (idempotencyKey) {
            b.header("Idempotency-Key", m.dedupKey());
        }
        headers.forEach(b::header);
        try {
            HttpExchange.Answer r = HttpExchange.send(CLIENT, b.build(), limit, MAX_ANSWER);
            if (r.status() / 100 != 2) {
                String body = r.text().replaceAll("\\s+", " ").trim();
                throw new DeliveryException(kind + " answered " + r.status() + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
            }
        } catch (IOException e) {
            throw new DeliveryException(kind + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(kind + ": interrupted", e);
        }
    }
}
