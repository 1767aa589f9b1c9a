package dev.caretaker.notify;

import java.time.Instant;
import java.util.Map;

/**
 * One message waiting in (or delivered from) the outbox. {@code payload} holds what the channel sends:
 * {@code subject}, {@code text}, {@code html} for email; {@code body} (JSON) for HTTP channels.
 */
public record OutboxMessage(long id, String channel, String kind, String dedupKey, Map<String, String> payload, String state,
                            int attempts, Instant createdAt, Instant nextAttemptAt) {

    public String get(String key) {
        return payload.getOrDefault(key, "");
    }
}
