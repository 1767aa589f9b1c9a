package dev.caretaker.notify;

import java.time.Instant;
import java.util.Map;

/**
 * One message waiting in (or delivered from) the outbox. {@code payload} holds what the channel sends: {@code subject},
 * {@code text}, {@code html} for email; {@code body} (JSON) for HTTP channels. Messages that share an ordering key (one
 * incident, one approval; a grouped message has one per incident) reach a channel in the order they were written.
 */
public record OutboxMessage(long id, String channel, String kind, String dedupKey, java.util.List<String> orderingKeys, Map<String, String> payload,
                            String state, int attempts, Instant createdAt, Instant nextAttemptAt, Instant sentAt, String lastError) {

    public String get(String key) {
        return payload.getOrDefault(key, "");
    }
}
