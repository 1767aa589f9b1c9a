package dev.caretaker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * How long a service that answered 429 asked to wait: a {@code retry_after} number of seconds in its JSON body (Discord's
 * "Rate Limit Response Structure", with a fraction), else the {@code Retry-After} header (seconds), else Discord's
 * {@code X-RateLimit-Reset-After}; null when it said nothing. Capped at an hour: a longer wait is the outbox's back-off.
 */
final class RetryAfter {
    static final Duration MAX = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RetryAfter() {
    }

    static Duration of(HttpHeaders headers, String body) {
        Optional<Double> seconds = fromBody(body);
        if (seconds.isEmpty()) {
            seconds = number(headers.firstValue("retry-after").orElse(null));
        }
        if (seconds.isEmpty()) {
            seconds = number(headers.firstValue("x-ratelimit-reset-after").orElse(null));
        }
        return seconds.filter(s -> s >= 0).map(s -> Duration.ofMillis((long) Math.ceil(s * 1000)))
                .map(d -> d.compareTo(MAX) > 0 ? MAX : d).orElse(null);
    }

    private static Optional<Double> fromBody(String body) {
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            return n != null && n.path("retry_after").isNumber() ? Optional.of(n.get("retry_after").asDouble()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: the outbox's own back-off
        }
    }
}
