package dev.caretaker.review;

import dev.caretaker.checklist.ChecklistBook;
import dev.caretaker.config.Severity;
import dev.caretaker.history.PeriodStats;
import dev.caretaker.report.Chart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of manuals 000 and 002: incidents opened, resolved and still open, the actions taken and how they ended, each
 * check's success rate over the period's runs, the worst findings, and the health score as a chart.
 */
final class SummaryReview {
    static final int WORST = 10;

    private SummaryReview() {
    }

    static Review make(Context c) {
        Map<String, Object> figures = new LinkedHashMap<>();
        Instant from = c.range().from();
        Instant to = c.range().to();
        List<Review.Row> incidents = c.sources().incidents().during(c.system(), from, to).stream().map(i -> {
            Instant resolved = i.resolvedAt();
            boolean resolvedInPeriod = resolved != null && resolved.isBefore(to);
            String state = resolvedInPeriod ? "resolved " + Fmt.when(resolved, c.zone()) + " after "
                    + Fmt.duration(Duration.between(i.openedAt(), resolved)) : "open (" + i.state().label() + ")";
            return new Review.Row(List.of("#" + i.id(), i.priority().name(), i.title(), Fmt.when(i.openedAt(), c.zone()), state),
                    resolvedInPeriod ? "pass" : i.severity() == Severity.CRITICAL ? "fail" : "warn", null);
        }).toList();
        long opened = c.sources().incidents().openedBetween(c.system(), from, to);
        long resolved = incidents.stream().filter(r -> "pass".equals(r.state())).count();
        long open = incidents.size() - resolved;
        figures.put("incidents_opened", opened);
        figures.put("incidents_resolved", resolved);
        figures.put("incidents_open", open);

        List<Review.Row> actions = c.sources().actions().tallies(from, to).stream().map(a -> new Review.Row(List.of(a.action(),
                String.valueOf(a.runs()), String.valueOf(a.ok()), String.valueOf(a.failed()), String.valueOf(a.refused()), percent(a.ok(), a.runs())),
                a.failed() > 0 ? "warn" : "pass", null)).toList();
        figures.put("actions", actions.stream().mapToLong(r -> Long.parseLong(r.cells().get(1))).sum());

        List<String> scope = c.report().checksOf(c.config());
        List<Review.Row> checks = new ArrayList<>();
        long[] totals = new long[2];
        for (PeriodStats.Tally t : c.sources().stats().tallies(scope, from, to)) {
            totals[0] += t.runs();
            totals[1] += t.ok();
            checks.add(new Review.Row(List.of(t.check(), String.valueOf(t.runs()), percent(t.ok(), t.runs()), String.valueOf(t.warning()),
                    String.valueOf(t.critical()), String.valueOf(t.unknown())), t.ok() == t.runs() ? "pass" : t.critical() > 0 ? "fail" : "warn", null));
        }
        figures.put("check_results", totals[0]);
        figures.put("success_percent", totals[0] == 0 ? null : Math.round(totals[1] * 1000.0 / totals[0]) / 10.0);

        List<Review.Row> worst = c.sources().stats().worstFindings(scope, from, to, WORST).stream().map(f -> new Review.Row(List.of(f.severity(),
                f.check(), f.code(), f.subject(), String.valueOf(f.count()), f.message()), null, null)).toList();

        List<Chart.Point> health = c.sources().stats().health(from, to).stream().map(p -> new Chart.Point(p.at(), p.value())).toList();
        List<Chart> charts = health.isEmpty() ? List.of() : List.of(Chart.of("Health score", "0–100", "health", Charts.thin(health)));
        figures.put("runs", health.size());
        List<ChecklistBook.Instance> lists = c.sources().checklists().between(from, to);
        List<Review.Row> checklists = lists.stream().map(i -> {
            boolean late = i.complete() && i.completedAt().isAfter(i.dueAt());
            String state = i.complete() ? (late ? "completed late" : "completed on time") : i.overdue(c.now()) ? "overdue" : "open";
            return new Review.Row(List.of(i.checklist(), Fmt.when(i.occurrence(), c.zone()), state, i.done() + "/" + i.items().size(),
                    i.complete() ? Fmt.when(i.completedAt(), c.zone()) : ""), i.complete() && !late ? "pass" : i.overdue(c.now()) || late ? "fail" : "warn", null);
        }).toList();
        long onTime = checklists.stream().filter(x -> "pass".equals(x.state())).count();
        figures.put("checklists", checklists.size());
        figures.put("checklists_on_time", onTime);
        figures.put("verdict", opened + " opened, " + resolved + " resolved, " + open + " open");

        List<Review.Section> sections = List.of(
                new Review.Section("Incidents", opened + " opened, " + resolved + " resolved in the period; " + open + " still open.",
                        List.of("incident", "priority", "title", "opened", "now"), incidents, List.of(), List.of()),
                new Review.Section("Actions", actions.isEmpty() ? "No action ran in the period." : "",
                        List.of("action", "runs", "succeeded", "failed", "refused", "success"), actions, List.of(), List.of()),
                new Review.Section("Checks", checks.isEmpty() ? "No run in the period." : totals[0] + " check results in " + health.size()
                        + " runs; " + percent(totals[1], totals[0]) + " ok.", List.of("check", "runs", "ok", "warning", "critical", "unknown"),
                        checks, charts, List.of()),
                new Review.Section("Checklists", checklists.isEmpty() ? "No checklist instance in the period." : onTime + " of " + checklists.size()
                        + " completed on time.", List.of("checklist", "opened", "state", "done", "completed"), checklists, List.of(), List.of()),
                new Review.Section("Worst findings", worst.isEmpty() ? "No finding in the period." : "",
                        List.of("severity", "check", "code", "subject", "runs", "last message"), worst, List.of(), List.of()));
        return new Review(c.report().name(), c.report().type(), c.system(), "Summary of " + c.system(), c.range().from(), c.range().to(),
                c.now(), c.zone().getId(), figures, sections);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "–" : String.format(java.util.Locale.ROOT, "%.1f %%", part * 100.0 / whole);
    }
}
