package dev.caretaker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox table. A message is written once per (channel, dedup key), in the transaction of the change it announces.
 * A sender claims due messages for a lease ({@code FOR UPDATE SKIP LOCKED}), so two processes never send the same one;
 * a claim whose process died lapses with its lease and is taken over. A message is not due while an earlier message of its
 * ordering key (its incident) is still pending on that channel, so "resolved" never overtakes "opened".
 */
public final class Outbox {
    /** Retries start 10 s after a failure and double up to 5 minutes; after 24 hours the message is given up. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    public static final Duration MAX_RETRY = Duration.ofMinutes(5);
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    /** How long a claim holds: longer than any one delivery may take ({@link Delivery#MAX_PER_MESSAGE}). */
    public static final Duration LEASE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The channel a committed message is announced on, so a server's delivery worker wakes at once ({@code LISTEN}). */
    public static final String NOTIFY_CHANNEL = "caretaker_outbox";

    /**
     * Messages this process sent but could not record sent yet (the store went away meanwhile), by store: kept until the store
     * takes the record, and never claimed or sent again by this process meanwhile.
     */
    private static final Map<Jdbi, Map<Long, Instant>> UNRECORDED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Jdbi jdbi;
    private final String system;

    public Outbox(Jdbi jdbi, String system) {
        this.jdbi = jdbi;
        this.system = system;
    }

    /** A message written, as the report lists it. */
    public record Queued(String channel, MessageKind kind, String dedupKey) {
    }

    /** Adds a message inside the caller's transaction unless one with the same channel and dedup key is there; true when added. */
    public boolean enqueue(Handle h, String channel, MessageKind kind, String dedupKey, String orderingKey, Map<String, String> payload,
                           Instant now) {
        return enqueue(h, channel, kind, dedupKey, orderingKey == null ? List.of() : List.of(orderingKey), payload, now);
    }

    /**
     * As above, for a message that belongs to several orderings at once (a grouped message of several incidents): it waits for
     * the earlier pending messages of each, and each one's later messages wait for it. A server is told on commit.
     */
    public boolean enqueue(Handle h, String channel, MessageKind kind, String dedupKey, List<String> orderingKeys, Map<String, String> payload,
                           Instant now) {
        boolean added = h.createUpdate("INSERT INTO outbox (system, channel, kind, dedup_key, ordering_key, ordering_keys, payload, created_at, "
                        + "next_attempt_at) VALUES (:system, :channel, :kind, :key, :order, :orders, CAST(:payload AS jsonb), :now, :now) "
                        + "ON CONFLICT (system, channel, dedup_key) DO NOTHING")
                .bind("system", system).bind("channel", channel).bind("kind", kind.label()).bind("key", dedupKey)
                .bind("order", orderingKeys.isEmpty() ? null : orderingKeys.get(0))
                .bind("orders", orderingKeys.isEmpty() ? null : orderingKeys.toArray(new String[0]))
                .bind("payload", json(payload)).bind("now", Timestamp.from(now)).execute() == 1;
        if (added) {
            h.createQuery("SELECT pg_notify(:channel, :system)").bind("channel", NOTIFY_CHANNEL).bind("system", system)
                    .mapTo(String.class).findOne();
        }
        return added;
    }

    /** As {@link #enqueue(Handle, String, MessageKind, String, String, Map, Instant)}, in a transaction of its own. */
    public boolean enqueue(String channel, MessageKind kind, String dedupKey, String orderingKey, Map<String, String> payload, Instant now) {
        return jdbi.inTransaction(h -> enqueue(h, channel, kind, dedupKey, orderingKey, payload, now));
    }

    /** Whether a message with this channel and dedup key was ever written. */
    public boolean exists(Handle h, String channel, String dedupKey) {
        return h.createQuery("SELECT count(*) FROM outbox WHERE system = :system AND channel = :channel AND dedup_key = :key")
                .bind("system", system).bind("channel", channel).bind("key", dedupKey).mapTo(Integer.class).one() > 0;
    }

    /**
     * The channels told of incident {@code incidentId}'s current opening: those with a message of its opening's dedup key
     * ({@code openedKey}), alone or in a grouped or catch-up message written since it opened (or re-opened) that carries it; a
     * message given up (never delivered) does not count. In the order their messages were written.
     */
    public List<String> toldOfOpening(Handle h, long incidentId, String openedKey) {
        return h.createQuery("""
                        SELECT channel FROM outbox o
                        WHERE o.system = :system AND o.state <> 'failed'
                          AND (o.dedup_key = :key
                               OR (o.kind IN (:group, :catchUp) AND :order = ANY(o.ordering_keys)
                                   AND o.created_at >= (SELECT max(e.at) FROM incident_event e
                                                        WHERE e.incident_id = :id AND e.kind IN ('opened', 'reopened'))))
                        GROUP BY channel ORDER BY min(o.id)""")
                .bind("system", system).bind("key", openedKey).bind("group", MessageKind.INCIDENT_GROUP.label())
                .bind("catchUp", MessageKind.INCIDENT_CATCH_UP.label())
                .bind("order", "incident-" + incidentId).bind("id", incidentId).mapTo(String.class).list();
    }

    /**
     * Claims up to {@code limit} pending messages for {@code node} until {@code now + LEASE}: those due (any pending one with
     * {@code force}), not claimed by a live process, not in {@code skip}, with no earlier pending message of their ordering key
     * on their channel. Oldest first. The claim's token is made here (a caller that records nothing, e.g. a test's dying node).
     */
    public List<OutboxMessage> claim(Instant now, int limit, String node, boolean force, Collection<Long> skip) {
        return claim(now, limit, node, force, skip, null, true, java.util.UUID.randomUUID().toString());
    }

    /**
     * As above, under claim {@code token}, and only of the channels in {@code channels} (with {@code among}) or of the channels not
     * in it (without); null: every channel. Only the holder of a claim records its message failed or gives it back.
     */
    public List<OutboxMessage> claim(Instant now, int limit, String node, boolean force, Collection<Long> skip, Collection<String> channels,
                                     boolean among, String token) {
        // 'pending' written out, not bound: the partial index on pending messages (outbox_order_idx) matches it then
        List<OutboxMessage> claimed = jdbi.inTransaction(h -> h.createQuery("""
                        WITH picked AS (
                            SELECT o.id FROM outbox o
                            WHERE o.system = :system AND o.state = 'pending'
                              AND (:force OR o.next_attempt_at <= :now)
                              AND (o.claimed_until IS NULL OR o.claimed_until < :now)
                              AND NOT (o.id = ANY(:skip))
                              AND (CAST(:channels AS text[]) IS NULL OR (o.channel = ANY(CAST(:channels AS text[]))) = :among)
                              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.system = o.system AND p.channel = o.channel
                                              AND p.ordering_keys && o.ordering_keys AND p.state = 'pending' AND p.id < o.id)
                            ORDER BY o.id LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        UPDATE outbox SET claimed_by = :node, claimed_until = :until, claim_token = :token FROM picked WHERE outbox.id = picked.id
                        RETURNING outbox.*""")
                .bind("system", system).bind("force", force).bind("now", Timestamp.from(now)).bind("skip", skip.toArray(new Long[0]))
                .bind("channels", channels == null ? null : channels.toArray(new String[0])).bind("among", among)
                .bind("limit", limit).bind("node", node).bind("until", Timestamp.from(now.plus(LEASE))).bind("token", token)
                .map((rs, ctx) -> map(rs)).list());
        List<OutboxMessage> sorted = new ArrayList<>(claimed);
        sorted.sort(Comparator.comparingLong(OutboxMessage::id));
        return sorted;
    }

    /**
     * Withdraws the reminders and escalation steps of incident {@code incidentId} not sent yet (it was acknowledged or
     * resolved meanwhile): deleted, so no sender sends them; one being sent finds its claim gone and stops.
     */
    public int withdrawPages(Handle h, long incidentId) {
        return h.createUpdate("DELETE FROM outbox WHERE system = :s AND state = 'pending' AND (dedup_key LIKE :reminders OR dedup_key LIKE :steps)")
                .bind("s", system).bind("reminders", "incident-" + incidentId + "-reminder-%").bind("steps", "incident-" + incidentId + "-step-%")
                .execute();
    }

    /** Whether claim {@code token} on {@code m} still holds at {@code now}: what a sender looks at just before it sends. */
    public boolean holds(OutboxMessage m, String token, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE id = :id AND state = 'pending' AND claim_token = :token "
                        + "AND claimed_until >= :now").bind("id", m.id()).bind("token", token).bind("now", Timestamp.from(now))
                .mapTo(Integer.class).one() > 0);
    }

    /**
     * Records {@code m} sent at {@code at}, whoever holds its claim now: it was sent, so no one sends it again. False when it was
     * recorded sent (or given up) already.
     */
    public boolean markSent(OutboxMessage m, Instant at) {
        return markSent(m.id(), at);
    }

    /** As above, by id. */
    public boolean markSent(long id, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE outbox SET state = :state, sent_at = :now, attempts = attempts + 1, last_error = NULL, "
                        + "claimed_by = NULL, claimed_until = NULL, claim_token = NULL WHERE id = :id AND state = 'pending'")
                .bind("state", OutboxMessage.State.SENT.label()).bind("id", id).bind("now", Timestamp.from(at)).execute() == 1);
    }

    /** Records a failed attempt under claim {@code token} (nothing when the claim is no longer its): retry with backoff, or give up once the message is a day old. */
    public void markFailed(OutboxMessage m, String error, Instant now, String token) {
        markFailed(m, error, now, token, null);
    }

    /** As above; when the service asked to wait ({@code retryAfter}, else null), the next attempt is no sooner than that. */
    public void markFailed(OutboxMessage m, String error, Instant now, String token, Duration retryAfter) {
        int attempts = m.attempts() + 1;
        boolean giveUp = !now.isBefore(m.createdAt().plus(GIVE_UP_AFTER));
        Duration wait = backoff(attempts);
        Instant next = now.plus(retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait);
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET attempts = :attempts, last_error = :error, next_attempt_at = :next, "
                        + "state = :state, claimed_by = NULL, claimed_until = NULL, claim_token = NULL WHERE id = :id AND state = 'pending' "
                        + "AND claim_token = :token")
                .bind("attempts", attempts).bind("error", error).bind("next", Timestamp.from(next)).bind("token", token)
                .bind("state", (giveUp ? OutboxMessage.State.FAILED : OutboxMessage.State.PENDING).label()).bind("id", m.id()).execute());
    }

    /** Gives claim {@code token} back untried (its turn comes after an earlier message that failed). */
    public void release(OutboxMessage m, String token) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, claim_token = NULL WHERE id = :id "
                + "AND claim_token = :token").bind("id", m.id()).bind("token", token).execute());
    }

    /** Remembers that {@code m} was sent at {@code at} though the store could not record it: {@link #recordUnrecorded} does later. */
    public void sentUnrecorded(OutboxMessage m, Instant at) {
        UNRECORDED.computeIfAbsent(jdbi, j -> new java.util.concurrent.ConcurrentHashMap<>()).put(m.id(), at);
    }

    /** The messages this process sent and has not recorded yet. */
    public java.util.Set<Long> unrecorded() {
        return java.util.Set.copyOf(UNRECORDED.getOrDefault(jdbi, Map.of()).keySet());
    }

    /** Records sent what this process sent while the store was away; returns how many it recorded (throws while it is still away). */
    public int recordUnrecorded() {
        Map<Long, Instant> waiting = UNRECORDED.getOrDefault(jdbi, Map.of());
        int n = 0;
        for (Map.Entry<Long, Instant> e : List.copyOf(waiting.entrySet())) {
            markSent(e.getKey(), e.getValue());
            waiting.remove(e.getKey());
            n++;
        }
        return n;
    }

    /** The channels with a message due at {@code now} (any pending one with {@code force}). */
    public List<String> channelsDue(Instant now, boolean force) {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT channel FROM outbox WHERE system = :system AND state = 'pending' "
                        + "AND (:force OR next_attempt_at <= :now)").bind("system", system).bind("force", force).bind("now", Timestamp.from(now))
                .mapTo(String.class).list());
    }

    /** Deletes the messages delivered before {@code before}; returns how many went. */
    public int prune(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM outbox WHERE system = :s AND state = 'sent' AND sent_at < :before")
                .bind("s", system).bind("before", Timestamp.from(before)).execute());
    }

    /** Gives back every claim {@code node} holds, so another node delivers them at once (a node stopping). */
    public void releaseClaims(String node) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, claim_token = NULL WHERE claimed_by = :node")
                .bind("node", node).execute());
    }

    static Duration backoff(int attempts) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 10));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    /** Counts by state, in the order of {@link OutboxMessage.State} (each present, zero when none). */
    public Map<OutboxMessage.State, Integer> counts() {
        Map<OutboxMessage.State, Integer> out = new EnumMap<>(OutboxMessage.State.class);
        for (OutboxMessage.State s : OutboxMessage.State.values()) {
            out.put(s, 0);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT state, count(*)::int FROM outbox WHERE system = :system GROUP BY state")
                .bind("system", system).map((rs, ctx) -> Map.entry(OutboxMessage.State.parse(rs.getString(1)), rs.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** The newest {@code limit} messages, optionally of one state, newest first. */
    public List<OutboxMessage> list(OutboxMessage.State state, int limit) {
        return page(state, null, limit);
    }

    /** The newest messages (of one state, or all) below id {@code before} (null: from the newest). */
    public List<OutboxMessage> page(OutboxMessage.State state, Long before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM outbox WHERE system = :system" + (state == null ? "" : " AND state = :state")
                        + " AND (CAST(:before AS bigint) IS NULL OR id < :before) ORDER BY id DESC LIMIT :limit")
                .bind("system", system).bind("state", state == null ? null : state.label()).bind("before", before).bind("limit", limit)
                .map((rs, ctx) -> map(rs)).list());
    }

    /** As {@link #page}, with the state as a request names it ({@code ?state=}); an unknown one is refused with the states there are. */
    public List<OutboxMessage> list(String state, Long before, int limit) {
        return page(state == null ? null : OutboxMessage.State.parse(state), before, limit);
    }

    /** The messages with these dedup keys, oldest first: what became of the messages of one run. */
    public List<OutboxMessage> withKeys(Collection<Queued> queued) {
        if (queued.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM outbox WHERE system = :system AND channel || E'\\n' || dedup_key IN (<keys>) "
                + "ORDER BY id").bind("system", system).bindList("keys", keys(queued)).map((rs, ctx) -> map(rs)).list());
    }

    /**
     * Whether a sender holds one of {@code queued} at {@code now}, still pending: it is being sent. A sender's claim that is not
     * committed yet counts too (the row is locked: a run's own delivery skipped it, and its claim is about to show).
     */
    public boolean beingSent(Collection<Queued> queued, Instant now) {
        if (queued.isEmpty()) {
            return false;
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM outbox o WHERE o.system = :system AND o.state = 'pending' AND o.channel || E'\\n' || o.dedup_key IN (<keys>)
                          AND (o.claimed_until >= :now OR o.id NOT IN (
                              SELECT f.id FROM outbox f WHERE f.system = :system AND f.state = 'pending'
                                AND f.channel || E'\\n' || f.dedup_key IN (<keys>) FOR SHARE SKIP LOCKED))""")
                .bind("system", system).bind("now", Timestamp.from(now)).bindList("keys", keys(queued)).mapTo(Integer.class).one() > 0);
    }

    /** Whether one of {@code queued} is pending, due at {@code now} and claimed by no one: a delivery may take it now. */
    public boolean dueUnclaimed(Collection<Queued> queued, Instant now) {
        if (queued.isEmpty()) {
            return false;
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE system = :system AND state = 'pending' "
                        + "AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now) AND channel || E'\\n' || dedup_key IN (<keys>)")
                .bind("system", system).bind("now", Timestamp.from(now)).bindList("keys", keys(queued)).mapTo(Integer.class).one() > 0);
    }

    private static List<String> keys(Collection<Queued> queued) {
        return queued.stream().map(q -> q.channel() + "\n" + q.dedupKey()).distinct().toList();
    }

    private static OutboxMessage map(ResultSet rs) throws SQLException {
        try {
            Map<String, String> payload = JSON.readValue(rs.getString("payload"), new TypeReference<Map<String, String>>() { });
            Timestamp sent = rs.getTimestamp("sent_at");
            return new OutboxMessage(rs.getLong("id"), rs.getString("channel"), rs.getString("kind"), rs.getString("dedup_key"),
                    rs.getArray("ordering_keys") == null ? List.of() : List.of((String[]) rs.getArray("ordering_keys").getArray()), payload,
                    OutboxMessage.State.parse(rs.getString("state")), rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("next_attempt_at").toInstant(), sent == null ? null : sent.toInstant(), rs.getString("last_error"));
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
