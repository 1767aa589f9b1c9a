package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Worst first: checks by status, findings by severity; and the counts every report's summary shows. */
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

    /** {@code #12 opened P1 critical database-health / sync_runs: …} */
    static String incidentLine(dev.caretaker.incident.IncidentChange c) {
        if (c.incident() == null) {
            return c.change() + ": " + c.detail();
        }
        var i = c.incident();
        return "#" + i.id() + " " + c.change() + " " + i.priority() + " " + i.severity() + " " + i.check() + " / " + i.subject()
                + (i.flapping() ? " (flapping)" : "") + (i.muted() ? " (muted: maintenance)" : "") + ": "
                + (c.change().equals("opened") || c.change().equals("reopened") ? i.title() : c.detail());
    }

    static String incidentSummary(dev.caretaker.action.RunOutcome outcome) {
        Map<String, Long> counts = outcome.notable().stream()
                .collect(Collectors.groupingBy(dev.caretaker.incident.IncidentChange::change, java.util.TreeMap::new, Collectors.counting()));
        if (counts.isEmpty()) {
            return "";
        }
        return "; incidents: " + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
