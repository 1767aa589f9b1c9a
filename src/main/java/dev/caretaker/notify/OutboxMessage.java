package dev.caretaker.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One message waiting in (or delivered from) the outbox. {@code payload} holds what the channel sends: {@code subject},
 * {@code text}, {@code html} for email; {@code body} (JSON) for HTTP channels. Messages that share an ordering key (one
 * incident, one approval; a grouped message has one per incident) reach a channel in the order they were written.
 */
public record OutboxMessage(long id, String channel, String kind, String dedupKey, List<String> orderingKeys, Map<String, String> payload,
                            State state, int attempts, Instant createdAt, Instant nextAttemptAt, Instant sentAt, String lastError) {

    /** Where a message stands: waiting (or retrying), delivered, or given up. Stored by its label. */
    public enum State {
        PENDING, SENT, FAILED;

        /** As stored, and as JSON, the CLI and the dashboard show it. */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state a label names; an unknown label is refused with the states there are. */
        public static State parse(String label) {
            for (State s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("state is one of " + String.join(", ", labels()) + ", not '" + label + "'");
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(State::label).toList();
        }

        @Override
        public String toString() {
            return label(); // a table cell or a joined string shows it as stored
        }
    }

    public String get(String key) {
        return payload.getOrDefault(key, "");
    }
}
