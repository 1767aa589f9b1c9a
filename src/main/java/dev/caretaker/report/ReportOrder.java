package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.Severity;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Worst first: checks by status, findings by severity; and the lines and counts every report shows. */
final class ReportOrder {
    private ReportOrder() {
    }

    static List<CheckResult> checks(RunResult run) {
        return run.results().stream().sorted(Comparator.comparingInt((CheckResult r) -> -r.status().rank())).toList();
    }

    static List<Finding> findings(CheckResult r) {
        return r.findings().stream().sorted(Comparator.comparingInt((Finding f) -> -f.severity().ordinal())).toList();
    }

    static Map<Severity, Long> findingCounts(RunResult run) {
        return run.results().stream().flatMap(r -> r.findings().stream())
                .collect(Collectors.groupingBy(Finding::severity, Collectors.counting()));
    }

    /** The audit log's head after the run, as people pass it back to {@code caretaker audit verify --head}; null when unknown. */
    static String auditLine(RunOutcome outcome) {
        if (outcome.audit() == null) {
            return null;
        }
        return "Audit log: " + outcome.audit().rows() + (outcome.audit().rows() == 1 ? " entry" : " entries") + ", head " + outcome.audit().label() + " (caretaker audit verify --head "
                + outcome.audit().label() + " shows whether it is still there)";
    }

    static String summary(RunResult run) {
        Map<Severity, Long> counts = findingCounts(run);
        return counts.getOrDefault(Severity.CRITICAL, 0L) + " critical, " + counts.getOrDefault(Severity.WARNING, 0L) + " warning, "
                + counts.getOrDefault(Severity.INFO, 0L) + " info finding(s) from " + run.results().size() + " check(s)";
    }

    /** Evidence as {@code key=value} pairs on one line, lists in brackets. */
    static String evidence(Finding f, int max) {
        String s = f.evidence().entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining("  "));
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    private static String value(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    /** {@code #12 P1 critical opened database-health / sync_runs: …}, or for an incident this run left alone, its age. */
    static String incidentLine(RunOutcome.IncidentRow row, java.time.ZoneId zone) {
        Incident i = row.incident();
        IncidentChange c = row.change();
        String what = c == null ? i.state().label() + " since " + Times.human(i.openedAt(), zone) : c.kind().label();
        String text = c == null || c.kind() == IncidentChange.Kind.OPENED || c.kind() == IncidentChange.Kind.REOPENED || c.detail().isEmpty()
                ? i.title() : c.detail();
        return "#" + i.id() + " " + i.priority() + " " + i.severity().label() + " " + what + " · " + i.check() + " / " + i.subject()
                + (i.flapping() ? " (flapping)" : "") + (i.muted() ? " (muted: maintenance)" : "") + ": " + text;
    }

    static String noteLine(IncidentChange c) {
        return c.kind().label() + ": " + c.detail() + (c.incident() == null ? "" : " (on #" + c.incident().id() + ")");
    }

    static String incidentSummary(RunOutcome outcome) {
        Map<String, Long> counts = outcome.notable().stream().filter(c -> c.incident() != null)
                .collect(Collectors.groupingBy(c -> c.kind().label(), java.util.TreeMap::new, Collectors.counting()));
        String changed = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        String open = outcome.open().isEmpty() ? "" : outcome.open().size() + " open";
        if (changed.isEmpty() && open.isEmpty()) {
            return "";
        }
        return "; incidents: " + (changed.isEmpty() ? open : open.isEmpty() ? changed : changed + "; " + open);
    }

    /** The run's health, and the system's when it differs. */
    static String health(RunResult run) {
        return run.healthScore() + "/100" + (run.systemHealth() != run.healthScore() ? " (system " + run.systemHealth() + "/100)" : "");
    }
}
