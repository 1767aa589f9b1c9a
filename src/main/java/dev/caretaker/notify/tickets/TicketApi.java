package dev.caretaker.notify.tickets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.Section;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import dev.caretaker.notify.Texts;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One ticket system's JSON API over the shared sender: a call's body written, its answer parsed, the reference read from it. */
final class TicketApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final JsonSender sender;

    /** The API of {@code provider}, as errors name it ("GitHub", "Zoho Desk"). */
    TicketApi(String provider) {
        this.provider = provider;
        this.sender = new JsonSender(provider, JsonSender.TICKETS, true);
    }

    /** One call within its deadline: JSON is asked for unless the provider's own {@code Accept} says otherwise. */
    JsonNode call(String method, URI url, JsonSender.Headers headers, Object body, Duration deadline) throws DeliveryException {
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("Accept", "application/json");
        plain.putAll(headers.plain());
        String answer = sender.send(method, url, new JsonSender.Headers(plain, headers.secret()), Texts.json(body), deadline);
        try {
            return answer.isBlank() ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new DeliveryException(provider + ": " + e.getMessage(), e);
        }
    }

    String field(JsonNode answer, String name) throws DeliveryException {
        JsonNode v = answer.get(name);
        if (v == null || v.isNull()) {
            throw new DeliveryException(provider + " created the ticket but its answer has no '" + name + "'");
        }
        return v.asText();
    }

    /** The base URL key of a provider, or its default. */
    static URI base(Section s, String key, URI fallback) {
        return s.httpUrl(key).map(u -> URI.create(u.toString().replaceAll("/+$", ""))).orElse(fallback);
    }

    /** Problems for the keys a provider cannot do without. */
    static void require(Section s, String provider, String... keys) {
        for (String key : keys) {
            if (!s.has(key)) {
                s.problem(key, "tickets with provider " + provider + " need '" + key + "'");
            }
        }
    }
}
