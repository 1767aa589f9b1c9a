package dev.caretaker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The outbox table: messages are enqueued once per (channel, dedup key), then delivered, retried or given up. */
public final class Outbox {
    /** Retries start 10 s after a failure and double up to 5 minutes; after 24 hours the message is given up. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    public static final Duration MAX_RETRY = Duration.ofMinutes(5);
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final String system;

    public Outbox(Jdbi jdbi, String system) {
        this.jdbi = jdbi;
        this.system = system;
    }

    /** Adds a message unless one with the same channel and dedup key is already there; true when added. */
    public boolean enqueue(String channel, String kind, String dedupKey, Map<String, String> payload, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO outbox (system, channel, kind, dedup_key, payload, created_at, next_attempt_at) "
                        + "VALUES (:system, :channel, :kind, :key, CAST(:payload AS jsonb), :now, :now) "
                        + "ON CONFLICT (system, channel, dedup_key) DO NOTHING")
                .bind("system", system).bind("channel", channel).bind("kind", kind).bind("key", dedupKey)
                .bind("payload", json(payload)).bind("now", Timestamp.from(now)).execute()) == 1;
    }

    /** Whether a message with this channel and dedup key was ever enqueued. */
    public boolean exists(String channel, String dedupKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE system = :system AND channel = :channel AND dedup_key = :key")
                .bind("system", system).bind("channel", channel).bind("key", dedupKey).mapTo(Integer.class).one()) > 0;
    }

    /** Pending messages due at {@code now}, oldest first. */
    public List<OutboxMessage> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM outbox WHERE system = :system AND state = 'pending' "
                        + "AND next_attempt_at <= :now ORDER BY id LIMIT :limit")
                .bind("system", system).bind("now", Timestamp.from(now)).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    public void markSent(long id, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET state = 'sent', sent_at = :now, attempts = attempts + 1, last_error = NULL "
                + "WHERE id = :id").bind("id", id).bind("now", Timestamp.from(now)).execute());
    }

    /** Records a failed attempt: retry with backoff, or give up once the message is a day old. */
    public void markFailed(OutboxMessage m, String error, Instant now) {
        int attempts = m.attempts() + 1;
        boolean giveUp = !now.isBefore(m.createdAt().plus(GIVE_UP_AFTER));
        Instant next = now.plus(backoff(attempts));
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET attempts = :attempts, last_error = :error, next_attempt_at = :next, "
                        + "state = :state WHERE id = :id")
                .bind("attempts", attempts).bind("error", error).bind("next", Timestamp.from(next))
                .bind("state", giveUp ? "failed" : "pending").bind("id", m.id()).execute());
    }

    static Duration backoff(int attempts) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 10));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    /** Counts by state: pending, sent, failed. */
    public Map<String, Integer> counts() {
        return jdbi.withHandle(h -> h.createQuery("SELECT state, count(*)::int FROM outbox WHERE system = :system GROUP BY state")
                .bind("system", system).reduceRows(new java.util.TreeMap<String, Integer>(), (m, row) -> {
                    m.put(row.getColumn(1, String.class), row.getColumn(2, Integer.class));
                    return m;
                }));
    }

    public List<OutboxMessage> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM outbox WHERE system = :system ORDER BY id")
                .bind("system", system).map((rs, ctx) -> map(rs)).list());
    }

    private static OutboxMessage map(ResultSet rs) throws SQLException {
        try {
            Map<String, String> payload = JSON.readValue(rs.getString("payload"), new TypeReference<Map<String, String>>() { });
            return new OutboxMessage(rs.getLong("id"), rs.getString("channel"), rs.getString("kind"), rs.getString("dedup_key"), payload,
                    rs.getString("state"), rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("next_attempt_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable outbox payload", e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
