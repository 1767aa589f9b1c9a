package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;

/** The report as Markdown, for tickets, wikis and chat. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(dev.caretaker.action.RunOutcome outcome) {
        RunResult run = outcome.run();
        StringBuilder out = new StringBuilder();
        out.append("# ").append(run.system()).append(" — ").append(run.suite()).append("\n\n");
        out.append("**Status:** ").append(run.status().name()).append(" · **Health:** ").append(run.healthScore())
                .append("/100 · **Run:** #").append(run.runId()).append(" · ").append(run.startedAt()).append("\n\n");
        out.append(ReportOrder.summary(run)).append("\n\n");
        out.append("| Check | Type | Status | Findings | Time |\n|---|---|---|---|---|\n");
        for (CheckResult r : ReportOrder.checks(run)) {
            out.append("| ").append(cell(r.name())).append(" | ").append(r.type()).append(" | ").append(r.status().name())
                    .append(" | ").append(r.findings().size()).append(" | ").append(r.durationMs()).append(" ms |\n");
        }
        if (!outcome.actions().isEmpty()) {
            out.append("\n## Actions\n\n");
            outcome.actions().forEach(a -> out.append("- ").append(cell(a.line().replace('\n', ' '))).append('\n'));
        }
        if (!outcome.notable().isEmpty()) {
            out.append("\n## Incidents\n\n");
            outcome.notable().forEach(c -> out.append("- ").append(cell(ReportOrder.incidentLine(c))).append('\n'));
        }
        for (CheckResult r : ReportOrder.checks(run)) {
            if (r.findings().isEmpty() && r.error() == null) {
                continue;
            }
            out.append("\n## ").append(r.name()).append(" (").append(r.status().label()).append(")\n\n");
            if (r.error() != null) {
                out.append("> Could not judge: ").append(r.error()).append("\n\n");
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
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
