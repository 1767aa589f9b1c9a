package dev.caretaker.incident;

import dev.caretaker.config.Priority;
import dev.caretaker.config.Severity;
import dev.caretaker.rule.Alert;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Incidents and their timelines in Caretaker's store. */
public final class IncidentRepository {
    private static final String COLUMNS = "id, system, fingerprint, source, kind, check_name, subject, severity, priority, state, title, "
            + "opened_at, last_seen_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, escalated_at, flapping, muted, reopened";

    private final Jdbi jdbi;

    public IncidentRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public <T> T withHandle(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    public <T> T inTransaction(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    /**
     * Takes the incident lock of {@code system} until the caller's transaction ends. Whatever reads the active incidents
     * to decide what to write holds it: two runs of one system (a ping and a schedule, two nodes of a cluster) or a run
     * and a person acknowledging would otherwise both see no incident and open two, or write back a stale one.
     */
    public void lock(Handle h, String system) {
        h.createQuery("SELECT pg_advisory_xact_lock(hashtext('caretaker-incidents'), hashtext(:s))::text").bind("s", system)
                .mapTo(String.class).one();
    }

    public List<Incident> active(Handle h, String system) {
        return h.createQuery("SELECT " + COLUMNS + " FROM incident WHERE system = :s AND state <> 'resolved' ORDER BY id")
                .bind("s", system).map((rs, ctx) -> map(rs)).list();
    }

    /** The open and acknowledged incidents of {@code system}, oldest first. */
    public List<Incident> active(String system) {
        return jdbi.withHandle(h -> active(h, system));
    }

    /**
     * The open incidents of {@code system} not escalated yet whose priority's response time ({@code sla}) has passed at
     * {@code now}, oldest first: what escalation reads on every run, not every active incident.
     */
    public List<Incident> overdue(Handle h, String system, Map<Priority, Duration> sla, Instant now) {
        if (sla.isEmpty()) {
            return List.of();
        }
        StringBuilder due = new StringBuilder();
        Map<String, Timestamp> openedBy = new LinkedHashMap<>();
        for (Map.Entry<Priority, Duration> e : sla.entrySet()) {
            String name = "opened" + e.getKey().name();
            due.append(due.length() == 0 ? "" : " OR ").append("(priority = '").append(e.getKey().name()).append("' AND opened_at <= :").append(name).append(')');
            openedBy.put(name, Timestamp.from(now.minus(e.getValue())));
        }
        var query = h.createQuery("SELECT " + COLUMNS + " FROM incident WHERE system = :s AND state = 'open' AND escalated_at IS NULL AND ("
                + due + ") ORDER BY id").bind("s", system);
        openedBy.forEach(query::bind);
        return query.map((rs, ctx) -> map(rs)).list();
    }

    /** The most recently resolved incident of a fingerprint resolved at or after {@code since}. */
    public Optional<Incident> resolvedSince(Handle h, String system, String fingerprint, Instant since) {
        return h.createQuery("SELECT " + COLUMNS + " FROM incident WHERE system = :s AND fingerprint = :f AND state = 'resolved' "
                        + "AND resolved_at >= :since ORDER BY resolved_at DESC LIMIT 1")
                .bind("s", system).bind("f", fingerprint).bind("since", Timestamp.from(since)).map((rs, ctx) -> map(rs)).findOne();
    }

    public Incident insert(Handle h, Incident i) {
        long id = h.createUpdate("INSERT INTO incident (system, fingerprint, source, kind, check_name, subject, severity, priority, state, "
                        + "title, opened_at, last_seen_at, muted) VALUES (:system, :fp, :source, :kind, :check, :subject, :severity, "
                        + ":priority, 'open', :title, :at, :at, :muted)")
                .bind("system", i.system()).bind("fp", i.fingerprint()).bind("source", i.source()).bind("kind", i.kind().label())
                .bind("check", i.check()).bind("subject", i.subject()).bind("severity", i.severity().label())
                .bind("priority", i.priority().name()).bind("title", i.title()).bind("at", Timestamp.from(i.openedAt()))
                .bind("muted", i.muted()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return get(h, id).orElseThrow();
    }

    /** Writes the mutable fields of an incident back. */
    public Incident update(Handle h, Incident i) {
        h.createUpdate("UPDATE incident SET severity = :severity, priority = :priority, state = :state, title = :title, "
                        + "last_seen_at = :seen, acknowledged_at = :ackAt, acknowledged_by = :ackBy, resolved_at = :resAt, "
                        + "resolved_by = :resBy, escalated_at = :escAt, flapping = :flapping, muted = :muted, reopened = :reopened WHERE id = :id")
                .bind("severity", i.severity().label()).bind("priority", i.priority().name()).bind("state", i.state().label())
                .bind("title", i.title()).bind("seen", ts(i.lastSeenAt())).bind("ackAt", ts(i.acknowledgedAt()))
                .bind("ackBy", i.acknowledgedBy()).bind("resAt", ts(i.resolvedAt())).bind("resBy", i.resolvedBy())
                .bind("escAt", ts(i.escalatedAt())).bind("flapping", i.flapping()).bind("muted", i.muted()).bind("reopened", i.reopened())
                .bind("id", i.id()).execute();
        return get(h, i.id()).orElseThrow();
    }

    public void event(Handle h, long incidentId, Instant at, String kind, Long runId, String actor, String detail) {
        eventOn(h, incidentId, at, kind, runId, actor, detail);
    }

    /** As {@link #event}, for a writer that has only the transaction's handle. */
    public static void eventOn(Handle h, long incidentId, Instant at, String kind, Long runId, String actor, String detail) {
        h.createUpdate("INSERT INTO incident_event (incident_id, at, kind, run_id, actor, detail) VALUES (:i, :at, :kind, :run, :actor, :detail)")
                .bind("i", incidentId).bind("at", Timestamp.from(at)).bind("kind", kind).bind("run", runId).bind("actor", actor)
                .bind("detail", detail == null ? "" : detail).execute();
    }

    /** State changes (opened, reopened, resolved) of a fingerprint since {@code since}: what flapping counts. */
    public int stateChanges(Handle h, String system, String fingerprint, Instant since) {
        return h.createQuery("SELECT count(*) FROM incident_event e JOIN incident i ON i.id = e.incident_id WHERE i.system = :s "
                        + "AND i.fingerprint = :f AND e.kind IN ('opened', 'reopened', 'resolved') AND e.at >= :since")
                .bind("s", system).bind("f", fingerprint).bind("since", Timestamp.from(since)).mapTo(Integer.class).one();
    }

    public Optional<Incident> get(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM incident WHERE id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    /** An incident by number, whatever its system: callers say when it belongs to another one. */
    public Optional<Incident> get(long id) {
        return jdbi.withHandle(h -> get(h, id));
    }

    /** The incidents of {@code system}, newest first, optionally only the open ones (open or acknowledged). */
    public List<Incident> list(String system, boolean activeOnly, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM incident WHERE system = :s"
                        + (activeOnly ? " AND state <> 'resolved'" : "") + " ORDER BY id DESC LIMIT :limit")
                .bind("s", system).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    /** A page of {@code system}'s incidents that {@code filter} matches, newest first, below id {@code before} (null: from the newest). */
    public List<Incident> page(String system, IncidentFilter filter, Long before, int limit) {
        String state = filter.state() == null ? null : filter.state().label();
        String priority = filter.priority() == null ? null : filter.priority().name();
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM incident WHERE system = :s "
                        + "AND (CAST(:state AS text) IS NULL OR state = :state OR (:state = 'active' AND state <> 'resolved')) "
                        + "AND (CAST(:priority AS text) IS NULL OR priority = :priority) AND (CAST(:check AS text) IS NULL OR check_name = :check) "
                        + "AND (CAST(:before AS bigint) IS NULL OR id < :before) ORDER BY id DESC LIMIT :limit")
                .bind("s", system).bind("state", state).bind("priority", priority).bind("check", filter.check()).bind("before", before)
                .bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    /** The incidents of {@code system} open at some time in [{@code from}, {@code to}), by priority, then oldest first. */
    public List<Incident> during(String system, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM incident WHERE system = :s AND opened_at < :to "
                        + "AND (resolved_at IS NULL OR resolved_at >= :from) ORDER BY priority, opened_at")
                .bind("s", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to)).map((rs, ctx) -> map(rs)).list());
    }

    /** How many incidents of {@code system} were opened in [{@code from}, {@code to}). */
    public long openedBetween(String system, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM incident WHERE system = :s AND opened_at >= :from AND opened_at < :to")
                .bind("s", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to)).mapTo(Long.class).one());
    }

    /** How many incidents of {@code system} were opened, and how many resolved, in ({@code from}, {@code to}], in the caller's transaction. */
    public static long[] openedAndResolved(Handle h, String system, Instant from, Instant to) {
        return h.createQuery("SELECT count(*) FILTER (WHERE opened_at > :from AND opened_at <= :to), "
                        + "count(*) FILTER (WHERE resolved_at > :from AND resolved_at <= :to) FROM incident WHERE system = :s")
                .bind("s", system).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
    }

    /** How many of {@code system}'s incidents are open or acknowledged, by priority; every priority present. */
    public Map<Priority, Integer> activeByPriority(String system) {
        Map<Priority, Integer> out = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            out.put(p, 0);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT priority, count(*)::int FROM incident WHERE system = :s AND state <> 'resolved' GROUP BY priority")
                .bind("s", system).map((rs, ctx) -> Map.entry(Priority.parse(rs.getString(1)), rs.getInt(2))).forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** What run {@code runId} of {@code system} did to incidents, in order. */
    public List<IncidentEvent> eventsOfRun(String system, long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT e.incident_id, e.at, e.kind, e.run_id, e.actor, e.detail FROM incident_event e "
                        + "JOIN incident i ON i.id = e.incident_id WHERE e.run_id = :id AND i.system = :s ORDER BY e.at, e.id")
                .bind("id", runId).bind("s", system)
                .map((rs, ctx) -> new IncidentEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), (Long) rs.getObject(4),
                        rs.getString(5), rs.getString(6))).list());
    }

    /** The newest incident event of {@code system}, 0 when there is none: changes when any incident changes. */
    public long latestEvent(String system) {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(e.id), 0) FROM incident_event e JOIN incident i ON i.id = e.incident_id "
                + "WHERE i.system = :s").bind("s", system).mapTo(Long.class).one());
    }

    public List<IncidentEvent> timeline(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT incident_id, at, kind, run_id, actor, detail FROM incident_event "
                        + "WHERE incident_id = :id ORDER BY at, id").bind("id", id)
                .map((rs, ctx) -> new IncidentEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        (Long) rs.getObject(4), rs.getString(5), rs.getString(6))).list());
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Incident map(ResultSet rs) throws SQLException {
        return new Incident(rs.getLong("id"), rs.getString("system"), rs.getString("fingerprint"), rs.getString("source"),
                Alert.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getString("check_name"), rs.getString("subject"),
                Severity.parse(rs.getString("severity")), Priority.parse(rs.getString("priority")), Incident.State.parse(rs.getString("state")),
                rs.getString("title"), instant(rs, "opened_at"), instant(rs, "last_seen_at"), instant(rs, "acknowledged_at"),
                rs.getString("acknowledged_by"), instant(rs, "resolved_at"), rs.getString("resolved_by"), instant(rs, "escalated_at"),
                rs.getBoolean("flapping"), rs.getBoolean("muted"), rs.getInt("reopened"));
    }

    /** The ticket filed for an incident, if any. */
    public Optional<String> ticket(long incidentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT ticket_ref FROM incident WHERE id = :id").bind("id", incidentId)
                .mapTo(String.class).findOne().filter(java.util.Objects::nonNull));
    }

    public void setTicket(long incidentId, String ref, Instant at) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE incident SET ticket_ref = :ref WHERE id = :id").bind("ref", ref).bind("id", incidentId).execute();
            event(h, incidentId, at, "ticket", null, "caretaker", "ticket " + ref);
        });
    }
}
