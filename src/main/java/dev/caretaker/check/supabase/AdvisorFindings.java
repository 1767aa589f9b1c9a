package dev.caretaker.check.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.api.ApiException;
import dev.caretaker.config.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The advisors' lints as {@code supabase.advisor} findings, one per lint and object (subject {@code name:schema.object}, or the
 * lint's name alone for a project setting such as {@code auth_allow_anonymous_sign_ins}), at splinter's level: ERROR critical,
 * WARN a warning, INFO info. When the config has a postgres check, a lint that check runs too ({@link DatabaseLints}) is
 * filed at info, naming the postgres check's finding, so one problem does not page twice; without one it keeps its level.
 */
final class AdvisorFindings {
    private final String projectRef;
    private final boolean postgresCheck;

    AdvisorFindings(String projectRef, boolean postgresCheck) {
        this.projectRef = projectRef;
        this.postgresCheck = postgresCheck;
    }

    void judge(SupabaseApi api, List<String> advisors, String check, ResultBuilder out) throws ApiException, InterruptedException {
        Set<String> subjects = new LinkedHashSet<>();
        for (String advisor : advisors) {
            List<JsonNode> lints = api.advisors(advisor);
            out.measure("supabase.advisor_lints", lints.size(), "check", check, "advisor", advisor);
            for (JsonNode lint : lints) {
                Finding f = finding(advisor, lint);
                if (subjects.add(f.subject())) {
                    out.find(f);
                }
            }
        }
    }

    Finding finding(String advisor, JsonNode lint) {
        String name = lint.path("name").asText("lint");
        JsonNode meta = lint.path("metadata");
        String schema = meta.path("schema").asText("");
        String object = meta.path("name").asText("");
        String subject = name + (object.isEmpty() ? "" : ":" + (schema.isEmpty() ? "" : schema + ".") + object);
        Optional<String> postgres = postgresCheck ? DatabaseLints.postgresCode(name) : Optional.empty();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("project_ref", projectRef);
        evidence.put("advisor", advisor);
        evidence.put("lint", name);
        evidence.put("level", lint.path("level").asText(""));
        List<String> categories = new ArrayList<>();
        lint.path("categories").forEach(c -> categories.add(c.asText()));
        evidence.put("categories", categories);
        text(lint, "facing").ifPresent(v -> evidence.put("facing", v));
        text(lint, "remediation").ifPresent(v -> evidence.put("remediation", v));
        text(lint, "cache_key").ifPresent(v -> evidence.put("cache_key", v));
        postgres.ifPresent(c -> evidence.put("postgres_check", c));
        String title = text(lint, "title").orElse(name);
        String detail = text(lint, "detail").or(() -> text(lint, "description")).orElse("");
        String message = "Supabase's " + advisor + " advisor: " + title + (detail.isEmpty() ? "" : " — " + detail.replace("\\`", "`"))
                + postgres.map(c -> "; filed at info: a postgres check of this config runs the same lint (" + c + ")").orElse("");
        return new Finding(SupabaseCheck.ADVISOR, postgres.isPresent() ? Severity.INFO : level(lint.path("level").asText("")), subject,
                message, evidence);
    }

    private static Severity level(String level) {
        return switch (level) {
            case "ERROR" -> Severity.CRITICAL;
            case "WARN" -> Severity.WARNING;
            default -> Severity.INFO;
        };
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}
