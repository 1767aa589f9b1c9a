package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.action.RunOutcome;
import dev.caretaker.check.Severity;
import dev.caretaker.check.Status;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The report for a terminal: a headline, then checks worst first with their findings; colour only when asked. */
final class TextReport {
    static final int EVIDENCE_WIDTH = 160;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    TextReport(boolean colour) {
        this.colour = colour;
    }

    String render(RunOutcome outcome) {
        RunResult run = outcome.run();
        StringBuilder out = new StringBuilder();
        out.append(bold("Caretaker · " + run.system() + " · suite " + run.suite()
                + (run.runId() > 0 ? " · run #" + run.runId() : ""))).append('\n');
        out.append(TIME.format(run.startedAt())).append(" · ")
                .append(String.format(Locale.ROOT, "%.1f s", Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0))
                .append(" · ").append(paint(run.status(), run.status().name())).append(" · health ")
                .append(run.healthScore()).append("/100\n\n");
        for (CheckResult r : ReportOrder.checks(run)) {
            out.append(paint(r.status(), String.format(Locale.ROOT, "%-8s", r.status().name()))).append(' ')
                    .append(bold(r.name())).append(dim(" (" + r.type() + ", " + r.durationMs() + " ms)")).append('\n');
            if (r.error() != null) {
                out.append("  ? could not judge: ").append(r.error()).append('\n');
            }
            for (Finding f : ReportOrder.findings(r)) {
                out.append("  ").append(marker(f.severity())).append(' ').append(f.code()).append("  ")
                        .append(f.subject()).append('\n');
                out.append("      ").append(f.message()).append('\n');
                if (!f.evidence().isEmpty()) {
                    out.append("      ").append(dim(ReportOrder.evidence(f, EVIDENCE_WIDTH))).append('\n');
                }
            }
        }
        if (!outcome.notable().isEmpty()) {
            out.append('\n').append(bold("Incidents")).append('\n');
            for (IncidentChange c : outcome.notable()) {
                out.append("  ").append(ReportOrder.incidentLine(c)).append('\n');
            }
        }
        if (!outcome.actions().isEmpty()) {
            out.append('\n').append(bold("Actions")).append('\n');
            outcome.actions().forEach(a -> out.append("  ").append(a.line().replace("\n", "\n      ")).append('\n'));
        }
        if (!outcome.notified().isEmpty()) {
            out.append('\n').append(bold("Notifications")).append('\n');
            outcome.notified().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append('\n').append(ReportOrder.summary(run)).append(ReportOrder.incidentSummary(outcome)).append('\n');
        return out.toString();
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
