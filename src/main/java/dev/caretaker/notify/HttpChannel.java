package dev.caretaker.notify;

import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Slack incoming webhooks, generic webhooks and PagerDuty Events API v2: a JSON POST of the message's
 * {@code body}. A generic webhook also gets the dedup key as {@code Idempotency-Key}.
 */
final class HttpChannel implements Channel {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final String type;
    private final URI url;
    private final Map<String, String> headers;

    HttpChannel(String type, URI url, Map<String, String> headers) {
        this.type = type;
        this.url = url;
        this.headers = headers;
    }

    @Override
    public void deliver(OutboxMessage m) throws DeliveryException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "caretaker/" + BuildInfo.version())
                .POST(HttpRequest.BodyPublishers.ofString(m.get("body")));
        if (type.equals("webhook")) {
            b.header("Idempotency-Key", m.dedupKey());
            headers.forEach(b::header);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                String body = r.body() == null ? "" : r.body().replaceAll("\\s+", " ");
                throw new DeliveryException(type + " answered " + r.statusCode() + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
            }
        } catch (IOException e) {
            throw new DeliveryException(type + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(type + ": interrupted", e);
        }
    }
}
