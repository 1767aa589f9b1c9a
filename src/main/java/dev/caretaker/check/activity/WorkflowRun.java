package dev.caretaker.check.activity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * One workflow run as GitHub's "List workflow runs for a repository" returns it (REST API 2022-11-28, "Workflow runs"):
 * the workflow's {@code name} and file {@code path}, {@code status} and {@code conclusion}, {@code created_at},
 * {@code run_started_at} and {@code updated_at}, and the run's page ({@code html_url}).
 */
record WorkflowRun(long id, String workflow, String path, String status, String conclusion, Instant created, Instant started,
                   Instant updated, String url, String branch, String event) {
    /** Conclusions that count as a success, and as a failure; the rest (cancelled, skipped, stale …) are not judged. */
    static final Set<String> SUCCESS = Set.of("success", "neutral");
    static final Set<String> FAILURE = Set.of("failure", "timed_out", "startup_failure");

    static WorkflowRun of(JsonNode n) {
        String path = n.path("path").asText("");
        int at = path.indexOf('@'); // a called workflow's path may carry its ref: .github/workflows/ci.yml@refs/heads/main
        return new WorkflowRun(n.path("id").asLong(), n.path("name").asText(""), at < 0 ? path : path.substring(0, at),
                n.path("status").asText(""), n.path("conclusion").isTextual() ? n.path("conclusion").asText() : null,
                instant(n.path("created_at")), instant(n.path("run_started_at")), instant(n.path("updated_at")),
                n.path("html_url").asText(null), n.path("head_branch").asText(null), n.path("event").asText(null));
    }

    /** Whether this run belongs to the workflow written as {@code key}: its name, its file's path, or its file's name. */
    boolean belongsTo(String key) {
        return key.equals(workflow) || key.equals(path) || path.endsWith("/" + key);
    }

    boolean completed() {
        return "completed".equals(status);
    }

    boolean succeeded() {
        return completed() && conclusion != null && SUCCESS.contains(conclusion);
    }

    boolean failed() {
        return completed() && conclusion != null && FAILURE.contains(conclusion);
    }

    /** From its (latest attempt's) start to its last update, for a completed run; null when unknown. */
    Double seconds() {
        Instant from = started != null ? started : created;
        if (!completed() || from == null || updated == null || updated.isBefore(from)) {
            return null;
        }
        return Duration.between(from, updated).toMillis() / 1000.0;
    }

    private static Instant instant(JsonNode n) {
        try {
            return n.isTextual() ? Instant.parse(n.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
