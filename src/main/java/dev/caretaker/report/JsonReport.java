package dev.caretaker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.rule.Alert;
import dev.caretaker.action.RunOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DESIGN.md's JSON report: {@code {system, suite, run_id, started_at, finished_at, status, health_score,
 * checks: [...], alerts, incidents, actions}}: every alert of the run, the incidents it opened, re-opened,
 * updated, resolved, escalated or suppressed alerts on, and the actions taken, refused or waiting for approval.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static Map<String, Object> tree(RunOutcome outcome) {
        RunResult run = outcome.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", run.system());
        m.put("suite", run.suite());
        m.put("run_id", run.runId());
        m.put("started_at", run.startedAt().toString());
        m.put("finished_at", run.finishedAt().toString());
        m.put("status", run.status().label());
        m.put("health_score", run.healthScore());
        m.put("checks", run.results().stream().map(JsonReport::check).toList());
        m.put("alerts", outcome.alerts().stream().map(JsonReport::alert).toList());
        m.put("incidents", outcome.notable().stream().map(JsonReport::incident).toList());
        m.put("actions", outcome.actions().stream().map(JsonReport::action).toList());
        m.put("notifications", outcome.notified());
        return m;
    }

    private static Map<String, Object> check(CheckResult r) {
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
        m.put("value", x.value());
        return m;
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code());
        m.put("severity", f.severity().label());
        m.put("subject", f.subject());
        m.put("message", f.message());
        m.put("evidence", f.evidence());
        return m;
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", a.source());
        m.put("kind", a.kind().name().toLowerCase());
        m.put("check", a.check());
        m.put("subject", a.subject());
        m.put("severity", a.severity().label());
        m.put("message", a.message());
        return m;
    }

    private static Map<String, Object> action(dev.caretaker.action.ActionOutcome a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", a.action());
        m.put("type", a.type());
        m.put("policy", a.policy());
        m.put("subject", a.subject());
        m.put("incident", a.incidentId());
        m.put("result", a.result());
        m.put("rows", a.rows() < 0 ? null : a.rows());
        m.put("attempts", a.attempts());
        m.put("approval", a.approval() == 0 ? null : a.approval());
        m.put("detail", a.detail());
        return m;
    }

    private static Map<String, Object> incident(IncidentChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("change", c.change());
        m.put("detail", c.detail());
        if (c.incident() != null) {
            m.put("id", c.incident().id());
            m.put("state", c.incident().state());
            m.put("priority", c.incident().priority());
            m.put("severity", c.incident().severity());
            m.put("check", c.incident().check());
            m.put("subject", c.incident().subject());
            m.put("title", c.incident().title());
            m.put("opened_at", c.incident().openedAt().toString());
            m.put("flapping", c.incident().flapping());
            m.put("muted", c.incident().muted());
        }
        return m;
    }

    public static String render(RunOutcome outcome) {
        try {
            return JSON.writeValueAsString(tree(outcome)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report", e);
        }
    }
}
