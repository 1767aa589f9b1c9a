package dev.caretaker.notify.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.store.BuildInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** JSON over HTTP for the ticket providers: one call, its status checked, its answer parsed. */
final class JsonApi {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final Map<String, String> headers;

    JsonApi(String provider, Map<String, String> headers) {
        this.provider = provider;
        this.headers = headers;
    }

    JsonNode call(String method, URI url, Object body) throws DeliveryException {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                    .header("Accept", "application/json").header("User-Agent", "caretaker/" + BuildInfo.version())
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            headers.forEach(b::setHeader); // a provider's own Accept replaces the default
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                String text = r.body() == null ? "" : r.body().replaceAll("\\s+", " ");
                throw new DeliveryException(provider + " answered " + r.statusCode() + " to " + method + " " + url.getPath()
                        + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
            }
            return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
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
}
