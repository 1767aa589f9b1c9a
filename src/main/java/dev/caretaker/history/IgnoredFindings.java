package dev.caretaker.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Ignored;
import dev.caretaker.config.Severity;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** The findings a run kept out of its judgement, stored with the run (and pruned with it) so its reports can list them. */
final class IgnoredFindings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IgnoredFindings() {
    }

    static void save(Handle h, long runId, List<Ignored> ignored) {
        for (Ignored x : ignored) {
            Finding f = x.finding();
            h.createUpdate("INSERT INTO ignored_finding (run_id, check_name, code, severity, subject, message, evidence, reason, until, source) "
                            + "VALUES (:run, :check, :code, :severity, :subject, :message, CAST(:evidence AS jsonb), :reason, :until, :source)")
                    .bind("run", runId).bind("check", x.check()).bind("code", f.code()).bind("severity", f.severity().label())
                    .bind("subject", f.subject() == null ? "" : f.subject()).bind("message", f.message()).bind("evidence", json(f.evidence()))
                    .bind("reason", x.reason()).bind("until", x.until() == null ? null : Timestamp.from(x.until())).bind("source", x.source())
                    .execute();
        }
    }

    static List<Ignored> load(Handle h, long runId) {
        return h.createQuery("SELECT check_name, code, severity, subject, message, evidence::text, reason, until, source FROM ignored_finding "
                        + "WHERE run_id = :id ORDER BY ctid").bind("id", runId)
                .map((rs, ctx) -> {
                    Timestamp until = rs.getTimestamp(8);
                    return new Ignored(rs.getString(1), new Finding(rs.getString(2), Severity.parse(rs.getString(3)), rs.getString(4),
                            rs.getString(5), evidence(rs.getString(6))), rs.getString(7), until == null ? null : until.toInstant(), rs.getString(9));
                }).list();
    }

    private static String json(Map<String, Object> evidence) {
        try {
            return JSON.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> evidence(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable evidence in the store: " + json, e);
        }
    }
}
