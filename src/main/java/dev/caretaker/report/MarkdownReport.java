package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;

/** The report as Markdown, for tickets, wikis and chat. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(RunOutcome outcome) {
        RunResult run = outcome.run();
        StringBuilder out = new StringBuilder();
        out.append("# ").append(cell(run.system())).append(" — ").append(cell(run.suite())).append("\n\n");
        out.append("**Status:** ").append(run.status().name()).append(" · **Health:** ").append(ReportOrder.health(run))
                .append(" · **Run:** #").append(run.runId()).append(" · ").append(Times.human(run.startedAt(), outcome.zone())).append("\n\n");
        out.append(ReportOrder.summary(run)).append("\n\n");
        out.append("| Check | Type | Status | Findings | Time |\n|---|---|---|---|---|\n");
        for (CheckResult r : ReportOrder.checks(run)) {
            out.append("| ").append(cell(r.name())).append(" | ").append(r.type()).append(" | ").append(r.status().name())
                    .append(" | ").append(r.findings().size()).append(" | ").append(r.durationMs()).append(" ms |\n");
        }
        if (IgnoredLines.heading(run) != null) {
            out.append("\n## ").append(IgnoredLines.heading(run)).append("\n\n");
            IgnoredLines.lines(run, outcome.zone()).forEach(l -> out.append("- ").append(cell(l)).append('\n'));
        }
        if (!outcome.incidentRows().isEmpty() || !outcome.notes().isEmpty()) {
            out.append("\n## Incidents\n\n");
            outcome.incidentRows().forEach(row -> out.append("- ").append(cell(ReportOrder.incidentLine(row, outcome.zone()))).append('\n'));
            outcome.notes().forEach(c -> out.append("- _").append(cell(ReportOrder.noteLine(c))).append("_\n"));
        }
        if (!outcome.actions().isEmpty()) {
            out.append("\n## Actions\n\n");
            outcome.actions().forEach(a -> out.append("- ").append(cell(a.line())).append('\n'));
        }
        String audit = ReportOrder.auditLine(outcome);
        if (audit != null) {
            out.append("\n_").append(cell(audit)).append("_\n");
        }
        for (CheckResult r : ReportOrder.checks(run)) {
            if (r.findings().isEmpty() && r.error() == null) {
                continue;
            }
            out.append("\n## ").append(cell(r.name())).append(" (").append(r.status().label()).append(")\n\n");
            if (r.error() != null) {
                out.append("> Could not judge: ").append(cell(r.error())).append("\n\n");
            }
            if (!r.findings().isEmpty()) {
                out.append("| Severity | Code | Subject | Message |\n|---|---|---|---|\n");
                for (Finding f : ReportOrder.findings(r)) {
                    out.append("| ").append(f.severity().label()).append(" | `").append(f.code()).append("` | ")
                            .append(cell(f.subject())).append(" | ").append(cell(f.message())).append(" |\n");
                }
            }
        }
        return out.toString();
    }

    private static String cell(String s) {
        return PlainText.oneLine(s).replace("|", "\\|");
    }
}
