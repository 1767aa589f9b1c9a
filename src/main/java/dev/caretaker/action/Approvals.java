package dev.caretaker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import dev.caretaker.store.SigningKey;
import org.jdbi.v3.core.Jdbi;

/**
 * Approval requests: one per action, subject and occasion (a request Caretaker voided gives way to a new one), bound to the
 * hash of the plan shown. Each row carries an HMAC under
 * Caretaker's {@link SigningKey} over everything that decides what runs (action, subject, occasion, bindings, plan and its
 * hash, requester, times) and its state, renewed at each change of state by Caretaker itself; a row edited in the store no
 * longer matches it ({@link Approval#signed()} false) and never runs.
 */
public final class Approvals {
    /** Where a request stands: pending until decided; approved while it runs; done or failed after. */
    public enum State {
        PENDING, APPROVED, REJECTED, EXPIRED, VOID, DONE, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request and what became of it; {@code signed} says its row is as Caretaker wrote it. */
    public record Approval(long id, String system, String action, String subject, String occasion, Long incidentId,
                           Map<String, String> bindings, String plan, String planHash, String requestedBy, Instant requestedAt,
                           Instant expiresAt, State state, String decidedBy, Instant decidedAt, String reason, String result,
                           String requestedOsUser, String decidedOsUser, boolean signed) {
    }

    private final Jdbi jdbi;
    private final String system;
    private final SigningKey key;

    public Approvals(Jdbi jdbi, String system, SigningKey key) {
        this.jdbi = jdbi;
        this.system = system;
        this.key = key;
    }

    /** Files a request unless one exists for this occasion; returns the request of the occasion and whether it is new. */
    public Map.Entry<Approval, Boolean> request(String action, String subject, String occasion, Long incidentId, Map<String, String> bindings,
                                                String plan, String planHash, String requestedBy, String osUser, Instant now, Instant expires) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        Instant until = expires.truncatedTo(ChronoUnit.MICROS);
        String bound = json(bindings);
        boolean added = jdbi.inTransaction(h -> {
            Optional<Long> id = h.createQuery("INSERT INTO approval (system, action, subject, occasion, incident_id, bindings, plan, "
                            + "plan_hash, requested_by, requested_os_user, requested_at, expires_at, state) VALUES (:system, :action, :subject, "
                            + ":occasion, :incident, :bindings, :plan, :hash, :by, :os, :now, :expires, 'pending') "
                            + "ON CONFLICT (system, action, subject, occasion) WHERE state <> 'void' DO NOTHING RETURNING id")
                    .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                    .bind("incident", incidentId).bind("bindings", bound).bind("plan", plan).bind("hash", planHash)
                    .bind("by", requestedBy).bind("os", osUser).bind("now", Timestamp.from(at)).bind("expires", Timestamp.from(until))
                    .mapTo(Long.class).findOne();
            id.ifPresent(i -> h.createUpdate("UPDATE approval SET mac = :mac WHERE id = :id")
                    .bind("mac", key.mac(material(i, system, action, subject, occasion, incidentId, bound, plan, planHash, requestedBy, at, until,
                            State.PENDING))).bind("id", i).execute());
            return id.isPresent();
        });
        Approval a = jdbi.withHandle(h -> h.createQuery("SELECT * FROM approval WHERE system = :system AND action = :action "
                        + "AND subject = :subject AND occasion = :occasion AND state <> 'void'")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .map((rs, ctx) -> approval(rs)).one());
        return Map.entry(a, added);
    }

    /** Whether a request was filed for this action, subject and occasion, whatever became of it (unless Caretaker voided it). */
    public boolean exists(String action, String subject, String occasion) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM approval WHERE system = :system AND action = :action "
                        + "AND subject = :subject AND occasion = :occasion AND state <> 'void'")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .mapTo(Integer.class).one()) > 0;
    }

    public Optional<Approval> get(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM approval WHERE system = :system AND id = :id")
                .bind("system", system).bind("id", id).map((rs, ctx) -> approval(rs)).findOne());
    }

    /** Requests, newest first; only pending ones with {@code pendingOnly}. */
    public List<Approval> list(boolean pendingOnly, int limit) {
        return list(pendingOnly, null, limit);
    }

    /** As {@link #list(boolean, int)}, below id {@code before} (null: from the newest). */
    public List<Approval> list(boolean pendingOnly, Long before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM approval WHERE system = :system"
                        + (pendingOnly ? " AND state = 'pending'" : "") + " AND (CAST(:before AS bigint) IS NULL OR id < :before) ORDER BY id DESC LIMIT :limit")
                .bind("system", system).bind("before", before).bind("limit", limit).map((rs, ctx) -> approval(rs)).list());
    }

    /** How many requests wait for a decision. */
    public int pendingCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*)::int FROM approval WHERE system = :system AND state = 'pending'")
                .bind("system", system).mapTo(Integer.class).one());
    }

    /** The newest request and how many are pending, as {@code ID:N}: changes when a request comes or is decided. */
    public String marker() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(id), 0) || ':' || count(*) FILTER (WHERE state = 'pending') FROM approval "
                + "WHERE system = :system").bind("system", system).mapTo(String.class).one());
    }

    /** Why a request Caretaker finds edited in the store is set aside. */
    public static final String TAMPERED = "changed in the store after Caretaker wrote it (its signature does not match)";

    /** Requests approved at least 30 s ago whose run never started: their approving process died in between. */
    public List<Approval> approvedNotRun() {
        return jdbi.withHandle(h -> h.createQuery("SELECT a.* FROM approval a WHERE a.system = :system AND a.state = 'approved' "
                        + "AND a.decided_at < now() - interval '30 seconds' AND NOT EXISTS (SELECT 1 FROM action_run r WHERE r.system = a.system "
                        + "AND r.action = a.action AND r.subject = a.subject AND r.occasion = 'approval:' || a.id)")
                .bind("system", system).map((rs, ctx) -> approval(rs)).list());
    }

    /** Pending requests past their expiry, now marked expired; those found edited in the store are set aside as void instead. */
    public List<Approval> expire(Instant now) {
        List<Long> due = jdbi.withHandle(h -> h.createQuery("SELECT id FROM approval WHERE system = :system AND state = 'pending' "
                + "AND expires_at <= :now").bind("system", system).bind("now", Timestamp.from(now)).mapTo(Long.class).list());
        List<Approval> out = new ArrayList<>();
        for (long id : due) {
            decide(id, State.PENDING, State.EXPIRED, null, null, null, now);
            get(id).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Moves a request from {@code from} to {@code to} and signs its new state; false when it was not in {@code from} (someone
     * decided first).
     */
    public boolean decide(long id, State from, State to, String by, String osUser, String reason, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<Approval> current = h.createQuery("SELECT * FROM approval WHERE system = :system AND id = :id FOR UPDATE")
                    .bind("system", system).bind("id", id).map((rs, ctx) -> approval(rs)).findOne();
            if (current.isEmpty() || current.get().state() != from) {
                return false;
            }
            if (!current.get().signed()) {
                // never re-sign what someone else wrote: it is set aside, and nothing it says runs
                h.createUpdate("UPDATE approval SET state = 'void', mac = :mac, decided_at = coalesce(decided_at, :now), reason = :reason "
                                + "WHERE id = :id").bind("mac", mac(current.get(), State.VOID)).bind("now", Timestamp.from(now))
                        .bind("reason", TAMPERED).bind("id", id).execute();
                return false;
            }
            h.createUpdate("UPDATE approval SET state = :to, mac = :mac, decided_by = coalesce(:by, decided_by), decided_os_user = "
                            + "coalesce(:os, decided_os_user), decided_at = coalesce(decided_at, :now), reason = coalesce(:reason, reason) WHERE id = :id")
                    .bind("to", to.label()).bind("mac", mac(current.get(), to)).bind("by", by).bind("os", osUser).bind("now", Timestamp.from(now))
                    .bind("reason", reason).bind("id", id).execute();
            return true;
        });
    }

    public void result(long id, State state, String result) {
        jdbi.useTransaction(h -> {
            Approval current = h.createQuery("SELECT * FROM approval WHERE system = :system AND id = :id FOR UPDATE")
                    .bind("system", system).bind("id", id).map((rs, ctx) -> approval(rs)).one();
            h.createUpdate("UPDATE approval SET state = :state, mac = :mac, result = :result WHERE id = :id")
                    .bind("state", state.label()).bind("mac", mac(current, state)).bind("result", result).bind("id", id).execute();
        });
    }

    private String mac(Approval a, State state) {
        return key.mac(material(a.id(), a.system(), a.action(), a.subject(), a.occasion(), a.incidentId(), json(a.bindings()), a.plan(),
                a.planHash(), a.requestedBy(), a.requestedAt(), a.expiresAt(), state));
    }

    private static String material(long id, String system, String action, String subject, String occasion, Long incident, String bindings,
                                   String plan, String planHash, String requestedBy, Instant requestedAt, Instant expiresAt, State state) {
        try {
            return JSON.writeValueAsString(Arrays.asList(id, system, action, subject, occasion, incident, bindings, plan, planHash, requestedBy,
                    requestedAt.toString(), expiresAt.toString(), state.label()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Approval approval(ResultSet rs) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        long incident = rs.getLong("incident_id");
        Long incidentId = rs.wasNull() ? null : incident;
        Map<String, String> bindings;
        boolean readable = true;
        try {
            bindings = JSON.readValue(rs.getString("bindings"), new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            bindings = Map.of();
            readable = false;
        }
        State state;
        try {
            state = State.parse(rs.getString("state"));
        } catch (IllegalArgumentException e) {
            state = State.VOID;
            readable = false;
        }
        long id = rs.getLong("id");
        Instant requestedAt = rs.getTimestamp("requested_at").toInstant();
        Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
        boolean signed = readable && key.verify(material(id, rs.getString("system"), rs.getString("action"), rs.getString("subject"),
                rs.getString("occasion"), incidentId, json(bindings), rs.getString("plan"), rs.getString("plan_hash"), rs.getString("requested_by"),
                requestedAt, expiresAt, state), rs.getString("mac"));
        return new Approval(id, rs.getString("system"), rs.getString("action"), rs.getString("subject"), rs.getString("occasion"),
                incidentId, bindings, rs.getString("plan"), rs.getString("plan_hash"), rs.getString("requested_by"),
                requestedAt, expiresAt, state, rs.getString("decided_by"), decided == null ? null : decided.toInstant(), rs.getString("reason"),
                rs.getString("result"), rs.getString("requested_os_user"), rs.getString("decided_os_user"), signed);
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
