package dev.caretaker.notify.channels;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Form bodies ({@code application/x-www-form-urlencoded}) for the services that take them: Twilio, Pushover. */
final class Forms {
    static final String TYPE = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Forms() {
    }

    /** {@code fields} as a form body, in their order. */
    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** The fields stored in a message's payload (as JSON), in their order. */
    static Map<String, String> stored(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored form is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
