package dev.caretaker.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DESIGN.md's JSON report: {@code {system, suite, run_id, started_at, finished_at, status, health_score,
 * checks: [...], alerts, incidents, actions}}. Alerts, incidents and actions stay empty until those stages exist.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static Map<String, Object> tree(RunResult run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", run.system());
        m.put("suite", run.suite());
        m.put("run_id", run.runId());
        m.put("started_at", run.startedAt().toString());
        m.put("finished_at", run.finishedAt().toString());
        m.put("status", run.status().label());
        m.put("health_score", run.healthScore());
        m.put("checks", run.results().stream().map(JsonReport::check).toList());
        m.put("alerts", List.of());
        m.put("incidents", List.of());
        m.put("actions", List.of());
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

    public static String render(RunResult run) {
        try {
            return JSON.writeValueAsString(tree(run)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report", e);
        }
    }
}
