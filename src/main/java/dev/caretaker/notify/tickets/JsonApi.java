package dev.caretaker.notify.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.http.HttpExchange;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/** JSON over HTTP for the ticket providers: one call within its deadline, its status checked, its answer parsed. */
final class JsonApi {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final int MAX_ANSWER = 256 * 1024;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonApi() {
    }

    static JsonNode call(String provider, Map<String, String> headers, String method, URI url, Object body, Duration deadline)
            throws DeliveryException {
        Duration limit = deadline.compareTo(TIMEOUT) < 0 ? deadline : TIMEOUT;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(limit.isZero() ? Duration.ofMillis(1) : limit)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("User-Agent", "caretaker/" + BuildInfo.version())
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            headers.forEach(b::setHeader); // a provider's own Accept replaces the default
            HttpExchange.Answer r = HttpExchange.send(CLIENT, b.build(), limit, MAX_ANSWER);
            if (r.status() / 100 != 2) {
                String text = r.text().replaceAll("\\s+", " ").trim();
                throw new DeliveryException(provider + " answered " + r.status() + " to " + method + " " + url.getPath()
                        + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
            }
            return r.text().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.text());
        } catch (IOException e) {
            throw new DeliveryException(provider + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(provider + ": interrupted", e);
        }
    }

    static String field(JsonNode answer, String name, String provider) throws DeliveryException {
        JsonNode v = answer.get(name);
        if (v == null || v.isNull()) {
            throw new DeliveryException(provider + " created the ticket but its answer has no '" + name + "'");
        }
        return v.asText();
    }

    /** The base URL key of a provider, or its default. */
    static URI base(dev.caretaker.config.Section s, String key, URI fallback) {
        return s.httpUrl(key).map(u -> URI.create(u.toString().replaceAll("/+$", ""))).orElse(fallback);
    }

    /** Problems for the keys a provider cannot do without. */
    static void require(dev.caretaker.config.Section s, String provider, String... keys) {
        for (String key : keys) {
            if (!s.has(key)) {
                s.problem(key, "tickets with provider " + provider + " need '" + key + "'");
            }
        }
    }
}
