package dev.caretaker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** Approval requests: one per action, subject and occasion, bound to the hash of the plan shown. */
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

    /** A request and what became of it. */
    public record Approval(long id, String system, String action, String subject, String occasion, Long incidentId,
                           Map<String, String> bindings, String plan, String planHash, String requestedBy, Instant requestedAt,
                           Instant expiresAt, State state, String decidedBy, Instant decidedAt, String reason, String result) {
    }

    private final Jdbi jdbi;
    private final String system;

    public Approvals(Jdbi jdbi, String system) {
        this.jdbi = jdbi;
        this.system = system;
    }

    /** Files a request unless one exists for this occasion; returns the request of the occasion and whether it is new. */
    public Map.Entry<Approval, Boolean> request(String action, String subject, String occasion, Long incidentId, Map<String, String> bindings,
                                                String plan, String planHash, String requestedBy, Instant now, Instant expires) {
        int added = jdbi.withHandle(h -> h.createUpdate("INSERT INTO approval (system, action, subject, occasion, incident_id, bindings, plan, "
                        + "plan_hash, requested_by, requested_at, expires_at, state) VALUES (:system, :action, :subject, :occasion, :incident, "
                        + ":bindings, :plan, :hash, :by, :now, :expires, 'pending') ON CONFLICT DO NOTHING")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .bind("incident", incidentId).bind("bindings", json(bindings)).bind("plan", plan).bind("hash", planHash)
                .bind("by", requestedBy).bind("now", Timestamp.from(now)).bind("expires", Timestamp.from(expires)).execute());
        Approval a = jdbi.withHandle(h -> h.createQuery("SELECT * FROM approval WHERE system = :system AND action = :action "
                        + "AND subject = :subject AND occasion = :occasion")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .map((rs, ctx) -> approval(rs)).one());
        return Map.entry(a, added == 1);
    }

    /** Whether a request was filed for this action, subject and occasion, whatever became of it. */
    public boolean exists(String action, String subject, String occasion) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM approval WHERE system = :system AND action = :action "
                        + "AND subject = :subject AND occasion = :occasion")
                .bind("system", system).bind("action", action).bind("subject", subject).bind("occasion", occasion)
                .mapTo(Integer.class).one()) > 0;
    }

    public Optional<Approval> get(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM approval WHERE system = :system AND id = :id")
                .bind("system", system).bind("id", id).map((rs, ctx) -> approval(rs)).findOne());
    }

    /** Requests, newest first; only pending ones with {@code pendingOnly}. */
    public List<Approval> list(boolean pendingOnly, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM approval WHERE system = :system"
                        + (pendingOnly ? " AND state = 'pending'" : "") + " ORDER BY id DESC LIMIT :limit")
                .bind("system", system).bind("limit", limit).map((rs, ctx) -> approval(rs)).list());
    }

    /** Pending requests past their expiry, now marked expired. */
    public List<Approval> expire(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("UPDATE approval SET state = 'expired', decided_at = :now WHERE system = :system "
                        + "AND state = 'pending' AND expires_at <= :now RETURNING *")
                .bind("system", system).bind("now", Timestamp.from(now)).map((rs, ctx) -> approval(rs)).list());
    }

    /** Moves a request from {@code from} to {@code to}; false when it was not in {@code from} (someone decided first). */
    public boolean decide(long id, State from, State to, String by, String reason, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE approval SET state = :to, decided_by = coalesce(:by, decided_by), "
                        + "decided_at = coalesce(decided_at, :now), reason = coalesce(:reason, reason) WHERE system = :system AND id = :id AND state = :from")
                .bind("to", to.label()).bind("by", by).bind("now", Timestamp.from(now)).bind("reason", reason).bind("system", system)
                .bind("id", id).bind("from", from.label()).execute()) == 1;
    }

    public void result(long id, State state, String result) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE approval SET state = :state, result = :result WHERE system = :system AND id = :id")
                .bind("state", state.label()).bind("result", result).bind("system", system).bind("id", id).execute());
    }

    private static Approval approval(ResultSet rs) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        long incident = rs.getLong("incident_id");
        Long incidentId = rs.wasNull() ? null : incident;
        Map<String, String> bindings;
        try {
            bindings = JSON.readValue(rs.getString("bindings"), new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("approval #" + rs.getLong("id") + " has unreadable bindings: " + e.getOriginalMessage(), e);
        }
        return new Approval(rs.getLong("id"), rs.getString("system"), rs.getString("action"), rs.getString("subject"), rs.getString("occasion"),
                incidentId, bindings, rs.getString("plan"), rs.getString("plan_hash"), rs.getString("requested_by"),
                rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("expires_at").toInstant(), State.parse(rs.getString("state")),
                rs.getString("decided_by"), decided == null ? null : decided.toInstant(), rs.getString("reason"), rs.getString("result"));
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
