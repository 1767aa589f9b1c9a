package dev.caretaker.web;

import dev.caretaker.action.Approvals;
import dev.caretaker.action.AuditLog;
import dev.caretaker.incident.IncidentEvent;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.store.Nodes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of the store's records, one per kind, shared by the CLI's {@code --format json} and the REST API. */
public final class Views {
    private Views() {
    }

    /** As the CLI's --format json and the API show it. */
    public static Map<String, Object> approval(Approvals.Approval a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("state", a.state().label());
    m.put("action", a.action());
    m.put("subject", a.subject());
    m.put("incident", a.incidentId());
    m.put("requested_by", a.requestedBy());
    m.put("requested_at", a.requestedAt().toString());
    m.put("expires_at", a.expiresAt().toString());
    m.put("plan", a.plan());
    m.put("plan_hash", a.planHash());
    m.put("signed", a.signed());
    m.put("requested_os_user", a.requestedOsUser());
    m.put("decided_os_user", a.decidedOsUser());
    m.put("decided_by", a.decidedBy());
    m.put("decided_at", a.decidedAt() == null ? null : a.decidedAt().toString());
    m.put("reason", a.reason());
    m.put("result", a.result());
    return m;
}

    /** As the CLI's --format json and the API show it. */
    public static Map<String, Object> audit(AuditLog.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("at", e.at().toString());
    m.put("actor", e.actor());
    m.put("event", e.event());
    m.put("action", e.action());
    m.put("subject", e.subject());
    m.put("detail", e.detail());
    m.put("hash", e.hash());
    return m;
}

    /** As the CLI's --format json and the API show it. */
    public static Map<String, Object> event(IncidentEvent e, ZoneId zone) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.at().truncatedTo(ChronoUnit.SECONDS).atZone(zone)));
    m.put("kind", e.kind());
    m.put("actor", e.actor());
    m.put("run_id", e.runId());
    m.put("detail", e.detail());
    return m;
}

    /** As the CLI's --format json and the API show it. */
    public static Map<String, Object> node(Nodes.Node n, Instant now) {
Map<String, Object> m = new LinkedHashMap<>();
m.put("name", n.name());
m.put("state", nodeState(n, now));
m.put("system", n.system());
m.put("address", n.address());
m.put("version", n.version());
m.put("started_at", n.startedAt().toString());
m.put("heartbeat_at", n.heartbeatAt().toString());
m.put("stopped_at", n.stoppedAt() == null ? null : n.stoppedAt().toString());
m.put("problem", n.problem());
return m;
}

    /** As the CLI's --format json and the API show it. */
    public static Map<String, Object> message(OutboxMessage m) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("id", m.id());
    x.put("state", m.state());
    x.put("attempts", m.attempts());
    x.put("channel", m.channel());
    x.put("kind", m.kind());
    x.put("key", m.dedupKey());
    x.put("created_at", m.createdAt().toString());
    x.put("next_attempt_at", m.nextAttemptAt().toString());
    x.put("sent_at", m.sentAt() == null ? null : m.sentAt().toString());
    x.put("last_error", m.lastError());
    return x;
}

    /**
     * {@code live} (heard from recently), {@code not ready} (live, but it cannot work: its {@code problem} says why),
     * {@code gone} (silent without a stop) or {@code stopped}.
     */
    public static String nodeState(Nodes.Node n, Instant now) {
        return n.stoppedAt() != null ? "stopped" : !n.live(now) ? "gone" : n.problem() != null ? "not ready" : "live";
    }

    /** A checklist instance as the CLI and the API show it. */
    public static Map<String, Object> checklist(dev.caretaker.checklist.ChecklistBook.Instance i, java.time.Instant now, java.time.ZoneId zone) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", i.id());
        m.put("checklist", i.checklist());
        m.put("occurrence", i.occurrence().atZone(zone).toOffsetDateTime().toString());
        m.put("due_at", i.dueAt().atZone(zone).toOffsetDateTime().toString());
        m.put("state", i.state(now));
        m.put("completed_at", i.completedAt() == null ? null : i.completedAt().atZone(zone).toOffsetDateTime().toString());
        java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (dev.caretaker.checklist.ChecklistBook.Item x : i.items()) {
            Map<String, Object> it = new java.util.LinkedHashMap<>();
            it.put("item", x.position());
            it.put("title", x.title());
            it.put("check", x.check());
            it.put("done", x.done());
            it.put("ticked_by", x.tickedBy());
            it.put("ticked_at", x.tickedAt() == null ? null : x.tickedAt().atZone(zone).toOffsetDateTime().toString());
            it.put("note", x.note());
            it.put("by_check", x.auto());
            it.put("runbook", x.runbook());
            items.add(it);
        }
        m.put("items", items);
        return m;
    }
}
