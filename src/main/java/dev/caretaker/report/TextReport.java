package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.Severity;
import java.time.Duration;
import java.util.Locale;

/**
 * The report for a terminal: a headline, then checks worst first with their findings, open incidents, actions and
 * messages; colour only when asked. Every text from the monitored app goes through {@link PlainText}.
 */
final class TextReport {
    static final int EVIDENCE_WIDTH = 160;
    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    TextReport(boolean colour) {
        this.colour = colour;
    }

    String render(RunOutcome outcome) {
        RunResult run = outcome.run();
        StringBuilder out = new StringBuilder();
        out.append(bold("Caretaker · " + t(run.system()) + " · suite " + t(run.suite())
                + (run.runId() > 0 ? " · run #" + run.runId() : ""))).append('\n');
        out.append(Times.human(run.startedAt(), outcome.zone())).append(" · ")
                .append(String.format(Locale.ROOT, "%.1f s", Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0))
                .append(" · ").append(paint(run.status(), run.status().name())).append(" · health ").append(ReportOrder.health(run))
                .append("\n\n");
        for (CheckResult r : ReportOrder.checks(run)) {
            out.append(paint(r.status(), String.format(Locale.ROOT, "%-8s", r.status().name()))).append(' ')
                    .append(bold(t(r.name()))).append(dim(" (" + r.type() + ", " + r.durationMs() + " ms)")).append('\n');
            if (r.error() != null) {
                out.append("  ? could not judge: ").append(PlainText.indented(r.error(), "    ")).append('\n');
            }
            for (Finding f : ReportOrder.findings(r)) {
                out.append("  ").append(marker(f.severity())).append(' ').append(f.code()).append("  ")
                        .append(t(f.subject())).append('\n');
                out.append("      ").append(PlainText.indented(f.message(), "      ")).append('\n');
                if (!f.evidence().isEmpty()) {
                    out.append("      ").append(dim(t(ReportOrder.evidence(f, EVIDENCE_WIDTH)))).append('\n');
                }
            }
        }
        if (IgnoredLines.heading(run) != null) {
            out.append('\n').append(bold(IgnoredLines.heading(run))).append(dim(" (not counted; the reasons people gave)")).append('\n');
            IgnoredLines.lines(run, outcome.zone()).forEach(l -> out.append("  ").append(dim(l)).append('\n'));
        }
        if (!outcome.incidentRows().isEmpty() || !outcome.notes().isEmpty()) {
            out.append('\n').append(bold("Incidents")).append('\n');
            outcome.incidentRows().forEach(row -> out.append("  ").append(t(ReportOrder.incidentLine(row, outcome.zone()))).append('\n'));
            outcome.notes().forEach(c -> out.append("  ").append(dim(t(ReportOrder.noteLine(c)))).append('\n'));
        }
        if (!outcome.actions().isEmpty()) {
            out.append('\n').append(bold("Actions")).append('\n');
            outcome.actions().forEach(a -> out.append("  ").append(PlainText.indented(a.line(), "      ")).append('\n'));
        }
        RunOutcome.Notifications n = outcome.notifications();
        if (!n.messages().isEmpty() || n.pending() > 0) {
            out.append('\n').append(bold("Notifications")).append('\n');
            for (RunOutcome.Notification m : n.messages()) {
                out.append("  ").append(String.format(Locale.ROOT, "%-8s %-22s %-20s %s", m.state(), t(m.channel()), m.kind(), t(m.key())))
                        .append(m.error() == null ? "" : dim("  " + t(m.error()))).append('\n');
            }
            out.append("  delivered ").append(n.delivered()).append(", failed ").append(n.failed()).append(", still pending ")
                    .append(n.pending()).append(n.writtenTo() == null ? "" : " (no SMTP server: email written to " + n.writtenTo() + ")")
                    .append('\n');
        }
        out.append('\n').append(ReportOrder.summary(run)).append(ReportOrder.incidentSummary(outcome)).append('\n');
        String audit = ReportOrder.auditLine(outcome);
        if (audit != null) {
            out.append(dim(audit)).append('\n');
        }
        return out.toString();
    }

    private static String t(String s) {
        return PlainText.oneLine(s);
    }

    private String marker(Severity s) {
        return switch (s) {
            case CRITICAL -> paint(Status.CRITICAL, "✖ critical");
            case WARNING -> paint(Status.WARNING, "▲ warning ");
            case INFO -> dim("· info    ");
        };
    }

    private String paint(Status s, String text) {
        if (!colour) {
            return text;
        }
        String code = switch (s) {
            case OK -> "\u001b[32m";
            case WARNING -> "\u001b[33m";
            case CRITICAL -> "\u001b[1;31m";
            case UNKNOWN -> "\u001b[35m";
        };
        return code + text + RESET;
    }

    private String bold(String text) {
        return colour ? "\u001b[1m" + text + RESET : text;
    }

    private String dim(String text) {
        return colour ? "\u001b[2m" + text + RESET : text;
    }
}
