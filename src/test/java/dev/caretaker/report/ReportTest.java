package dev.caretaker.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Status;
import dev.caretaker.config.Secrets;
import dev.caretaker.report.RunOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    static RunResult run() {
        CheckResult ok = new CheckResult("crm", "http", Status.OK, 12, null, List.of(Measurement.of("http.latency_ms", 12, "check", "crm")), List.of());
        CheckResult bad = new CheckResult("db", "postgres", Status.CRITICAL, 40, null, List.of(), List.of(
                Finding.of("postgres.table_bloat", Severity.WARNING, "a|b", "<script>alert(1)</script> half dead"),
                new Finding("postgres.unreachable", Severity.CRITICAL, "app", "password=hunter22 refused", Map.of("reason", "token tok-123"))));
        return RunResult.of("shop", "nightly", Instant.parse("2026-11-22T02:00:00Z"), Instant.parse("2026-11-22T02:00:03Z"), List.of(ok, bad));
    }

    @Test
    void text_puts_the_worst_first_without_colour_codes_when_not_asked() {
        String text = ReportFormat.TEXT.render(RunOutcome.of(run()), false);
        assertThat(text.indexOf("postgres.unreachable")).isLessThan(text.indexOf("postgres.table_bloat"));
        assertThat(text.indexOf("CRITICAL db")).isLessThan(text.indexOf("OK       crm"));
        assertThat(text).doesNotContain("\u001b[").contains("health 50/100").contains("1 critical, 1 warning, 0 info");
        assertThat(ReportFormat.TEXT.render(RunOutcome.of(run()), true)).contains("\u001b[");
    }

    @Test
    void html_escapes_markup_and_markdown_escapes_pipes() {
        assertThat(ReportFormat.HTML.render(RunOutcome.of(run()), false)).contains("&lt;script&gt;").doesNotContain("<script>alert");
        assertThat(ReportFormat.MARKDOWN.render(RunOutcome.of(run()), false)).contains("a\\|b");
    }

    @Test
    void redaction_reaches_messages_and_evidence() {
        Secrets s = new Secrets();
        s.add("tok-123");
        String json = ReportFormat.JSON.render(RunOutcome.of(run().redacted(s)), false);
        assertThat(json).doesNotContain("hunter22", "tok-123").contains("\"health_score\" : 50");
    }
}
