package dev.caretaker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caretaker.action.ActionOutcome;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.rule.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DESIGN.md's JSON report: {@code {system, suite, run_id, started_at, finished_at, status, health_score, checks: [...], alerts,
 * incidents, actions}}, plus {@code system_health}, {@code ignored} (the findings kept out of the judgement, each with its
 * {@code reason}, {@code until} and {@code source}), {@code suppressed}, {@code notifications} and {@code audit} ({@code rows}, {@code head}). {@code incidents} lists every
 * incident open after the run and those it resolved, each with this run's {@code change} (null when it left it alone).
 * Times carry the config's offset; whole numbers are integers; notifications are objects.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Doubles up to this size that are whole are written as integers (beyond it a double is not exact anyway). */
    private static final double EXACT = 9.007199254740992E15;

    private JsonReport() {
    }

    public static Map<String, Object> tree(RunOutcome outcome) {
        Map<String, Object> m = run(outcome.run(), outcome.zone());
        m.put("alerts", outcome.alerts().stream().map(JsonReport::alert).toList());
        m.put("incidents", outcome.incidentRows().stream().map(r -> incident(r, outcome)).toList());
        m.put("suppressed", outcome.notes().stream().map(JsonReport::note).toList());
        m.put("actions", outcome.actions().stream().map(JsonReport::action).toList());
        m.put("notifications", notifications(outcome.notifications()));
        if (outcome.audit() != null) {
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("rows", outcome.audit().rows());
            audit.put("head", outcome.audit().label());
            m.put("audit", audit);
        }
        return m;
    }

    /** A whole double as a long, anything else as it is; maps and lists item by item. */
    static Object number(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < EXACT) {
            return d.longValue();
        }
        if (v instanceof Float f && f == Math.rint(f)) {
            return f.longValue();
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(k, number(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(JsonReport::number).toList();
        }
        return v;
    }

    /** A stored run as the report shows it: {@code system} to {@code checks}, without what the run did after its checks. */
    public static Map<String, Object> run(RunResult run, java.time.ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", run.system());
        m.put("suite", run.suite());
        m.put("run_id", run.runId());
        m.put("started_at", Times.iso(run.startedAt(), zone));
        m.put("finished_at", Times.iso(run.finishedAt(), zone));
        m.put("status", run.status().label());
        m.put("health_score", run.healthScore());
        m.put("system_health", run.systemHealth());
        m.put("checks", run.results().stream().map(JsonReport::check).toList());
        m.put("ignored", run.ignored().stream().map(x -> IgnoredLines.json(x, zone)).toList());
        return m;
    }

    /** One check's result as the report and the API show it: name, type, status, duration, error, measurements, findings. */
    public static Map<String, Object> check(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("type", r.type());
        m.put("status", r.status().label());
        m.put("duration_ms", r.durationMs());
        m.put("error", r.error());
        m.put("measurements", r.measurements().stream().map(JsonReport::measurement).toList());
        m.put("findings", r.findings().stream().map(JsonReport::finding).toList());
        return m;
    }

    private static Map<String, Object> measurement(Measurement x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", x.metric());
        m.put("labels", x.labels());
        m.put("value", number(x.value()));
        return m;
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code());
        m.put("severity", f.severity().label());
        m.put("subject", f.subject());
        m.put("message", f.message());
        m.put("evidence", number(f.evidence()));
        return m;
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", a.source());
        m.put("kind", a.kind().label());
        m.put("check", a.check());
        m.put("subject", a.subject());
        m.put("severity", a.severity().label());
        m.put("message", a.message());
        return m;
    }

    private static Map<String, Object> action(ActionOutcome a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", a.action());
        m.put("type", a.type());
        m.put("policy", a.policy().label());
        m.put("subject", a.subject());
        m.put("incident", a.incidentId());
        m.put("result", a.result().label());
        m.put("rows", a.rows() < 0 ? null : a.rows());
        m.put("attempts", a.attempts());
        m.put("approval", a.approval() == 0 ? null : a.approval());
        m.put("detail", a.detail());
        return m;
    }

    /** An exemption as the CLI and the API show it. */
    public static Map<String, Object> exemption(dev.caretaker.incident.Exemptions.Exemption e, java.time.ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("check", e.check());
        m.put("code", e.code());
        m.put("subject", e.subject());
        m.put("reason", e.reason());
        m.put("until", Times.iso(e.until(), zone));
        m.put("incident", e.incidentId());
        m.put("created_by", e.createdBy());
        m.put("created_at", Times.iso(e.createdAt(), zone));
        m.put("removed_by", e.removedBy());
        m.put("removed_at", Times.iso(e.removedAt(), zone));
        return m;
    }

    /** An incident as the report and the CLI show it. */
    public static Map<String, Object> incident(Incident i, java.time.ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("system", i.system());
        m.put("state", i.state().label());
        m.put("priority", i.priority().name());
        m.put("severity", i.severity().label());
        m.put("source", i.source());
        m.put("check", i.check());
        m.put("subject", i.subject());
        m.put("title", i.title());
        m.put("opened_at", Times.iso(i.openedAt(), zone));
        m.put("last_seen_at", Times.iso(i.lastSeenAt(), zone));
        m.put("acknowledged_at", Times.iso(i.acknowledgedAt(), zone));
        m.put("acknowledged_by", i.acknowledgedBy());
        m.put("resolved_at", Times.iso(i.resolvedAt(), zone));
        m.put("resolved_by", i.resolvedBy());
        m.put("escalated_at", Times.iso(i.escalatedAt(), zone));
        m.put("flapping", i.flapping());
        m.put("muted", i.muted());
        m.put("reopened", i.reopened());
        return m;
    }

    private static Map<String, Object> incident(RunOutcome.IncidentRow row, RunOutcome outcome) {
        Map<String, Object> m = incident(row.incident(), outcome.zone());
        m.put("change", row.change() == null ? null : row.change().kind().label());
        m.put("detail", row.change() == null ? null : row.change().detail());
        return m;
    }

    private static Map<String, Object> note(IncidentChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind().label());
        m.put("detail", c.detail());
        m.put("incident", c.incident() == null ? null : c.incident().id());
        return m;
    }

    private static Map<String, Object> notifications(RunOutcome.Notifications n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messages", n.messages().stream().map(x -> {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("channel", x.channel());
            y.put("kind", x.kind());
            y.put("key", x.key());
            y.put("state", x.state());
            y.put("attempts", x.attempts());
            y.put("error", x.error());
            return y;
        }).toList());
        m.put("delivered", n.delivered());
        m.put("failed", n.failed());
        m.put("pending", n.pending());
        m.put("written_to", n.writtenTo() == null ? null : n.writtenTo().toString());
        return m;
    }

    public static String render(RunOutcome outcome) {
        return write(tree(outcome));
    }

    /** Any tree as indented JSON with a final newline: for the CLI's {@code --format json}. */
    public static String write(Object tree) {
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
