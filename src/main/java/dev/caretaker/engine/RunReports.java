package dev.caretaker.engine;

import dev.caretaker.check.Finding;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.notify.Notice;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.PlainText;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.report.RunOutcome;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A run's report as a message: the email's subject, text and HTML, a short summary for chat, and the JSON report. */
final class RunReports {
    static final int SUMMARY_FINDINGS = 5;

    private RunReports() {
    }

    static Notice.ReportNotice notice(CaretakerConfig config, RunOutcome outcome) {
        var run = outcome.run();
        String subject = "[" + run.status().name() + "] " + run.system() + " — " + run.suite() + " (health " + run.healthScore() + "/100)";
        List<String> worst = run.results().stream().flatMap(r -> r.findings().stream())
                .sorted(Comparator.comparingInt((Finding f) -> -f.severity().ordinal()))
                .limit(SUMMARY_FINDINGS).map(f -> "• " + f.severity().label() + " `" + f.code() + "` " + PlainText.oneLine(f.subject()))
                .collect(Collectors.toList());
        String audit = outcome.audit() == null ? null : outcome.audit().label();
        String summary = "*" + subject + "*" + (worst.isEmpty() ? "\nNothing found." : "\n" + String.join("\n", worst))
                + (audit == null ? "" : "\n_audit log head " + audit + "_");
        String key = outcome.tick() == null ? "run-" + run.runId() : "tick-" + run.suite() + "-" + outcome.tick().getEpochSecond();
        return new Notice.ReportNotice(config.system(), config.file(), config.timezone(), run.runId(), key, subject,
                ReportFormat.TEXT.render(outcome, false), ReportFormat.HTML.render(outcome, false), summary, JsonReport.tree(outcome), audit);
    }
}
