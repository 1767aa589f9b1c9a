package dev.caretaker.review;

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
        List<Review.Row> incidents = c.store().withHandle(h -> h.createQuery("SELECT id, priority, severity, title, opened_at, state, resolved_at "
                        + "FROM incident WHERE system = :system AND opened_at < :to AND (resolved_at IS NULL OR resolved_at >= :from) "
                        + "ORDER BY priority, opened_at")
                .bind("system", c.system()).bind("from", c.from()).bind("to", c.to())
                .map((rs, ctx) -> {
                    Instant opened = rs.getTimestamp("opened_at").toInstant();
                    Instant resolved = rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant();
                    boolean resolvedInPeriod = resolved != null && resolved.isBefore(c.range().to());
                    String state = resolvedInPeriod ? "resolved " + Fmt.when(resolved, c.zone()) + " after "
                            + Fmt.duration(Duration.between(opened, resolved)) : "open (" + rs.getString("state") + ")";
                    return new Review.Row(List.of("#" + rs.getLong("id"), rs.getString("priority"), rs.getString("title"), Fmt.when(opened, c.zone()), state),
                            resolvedInPeriod ? "pass" : "critical".equals(rs.getString("severity")) ? "fail" : "warn", null);
                }).list());
        long opened = c.store().withHandle(h -> h.createQuery("SELECT count(*) FROM incident WHERE system = :system AND opened_at >= :from AND opened_at < :to")
                .bind("system", c.system()).bind("from", c.from()).bind("to", c.to()).mapTo(Long.class).one());
        long resolved = incidents.stream().filter(r -> "pass".equals(r.state())).count();
        long open = incidents.size() - resolved;
        figures.put("incidents_opened", opened);
        figures.put("incidents_resolved", resolved);
        figures.put("incidents_open", open);

        List<Review.Row> actions = c.store().withHandle(h -> h.createQuery("SELECT action, count(*) AS runs, "
                        + "count(*) FILTER (WHERE state IN ('succeeded', 'verified')) AS ok, count(*) FILTER (WHERE state IN ('failed', 'interrupted', "
                        + "'unverified')) AS failed, count(*) FILTER (WHERE state = 'refused') AS refused FROM action_run WHERE system = :system "
                        + "AND started_at >= :from AND started_at < :to GROUP BY 1 ORDER BY 1")
                .bind("system", c.system()).bind("from", c.from()).bind("to", c.to())
                .map((rs, ctx) -> {
                    long runs = rs.getLong("runs");
                    long ok = rs.getLong("ok");
                    return new Review.Row(List.of(rs.getString("action"), String.valueOf(runs), String.valueOf(ok), String.valueOf(rs.getLong("failed")),
                            String.valueOf(rs.getLong("refused")), percent(ok, runs)), rs.getLong("failed") > 0 ? "warn" : "pass", null);
                }).list());
        figures.put("actions", actions.stream().mapToLong(r -> Long.parseLong(r.cells().get(1))).sum());

        List<String> scope = c.report().checksOf(c.config());
        List<Review.Row> checks = new ArrayList<>();
        long[] totals = new long[2];
        c.store().useHandle(h -> h.createQuery("SELECT cr.check_name, count(*) AS runs, count(*) FILTER (WHERE cr.status = 'ok') AS ok, "
                        + "count(*) FILTER (WHERE cr.status = 'warning') AS warning, count(*) FILTER (WHERE cr.status = 'critical') AS critical, "
                        + "count(*) FILTER (WHERE cr.status = 'unknown') AS unknown FROM check_result cr JOIN run r ON r.id = cr.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :from AND r.finished_at < :to AND cr.check_name = ANY(:checks) "
                        + "GROUP BY 1 ORDER BY count(*) FILTER (WHERE cr.status = 'ok')::float / count(*), 1")
                .bind("system", c.system()).bind("from", c.from()).bind("to", c.to()).bindArray("checks", String.class, scope)
                .map((rs, ctx) -> {
                    long runs = rs.getLong("runs");
                    long ok = rs.getLong("ok");
                    totals[0] += runs;
                    totals[1] += ok;
                    return new Review.Row(List.of(rs.getString("check_name"), String.valueOf(runs), percent(ok, runs), String.valueOf(rs.getLong("warning")),
                            String.valueOf(rs.getLong("critical")), String.valueOf(rs.getLong("unknown"))),
                            ok == runs ? "pass" : rs.getLong("critical") > 0 ? "fail" : "warn", null);
                }).forEach(checks::add));
        figures.put("check_results", totals[0]);
        figures.put("success_percent", totals[0] == 0 ? null : Math.round(totals[1] * 1000.0 / totals[0]) / 10.0);

        List<Review.Row> worst = c.store().withHandle(h -> h.createQuery("SELECT f.check_name, f.code, f.subject, f.severity, count(*) AS n, "
                        + "(array_agg(f.message ORDER BY r.finished_at DESC))[1] AS message FROM finding f JOIN run r ON r.id = f.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :from AND r.finished_at < :to AND f.check_name = ANY(:checks) "
                        + "GROUP BY 1, 2, 3, 4 ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, count(*) DESC, 1, 2, 3 LIMIT " + WORST)
                .bind("system", c.system()).bind("from", c.from()).bind("to", c.to()).bindArray("checks", String.class, scope)
                .map((rs, ctx) -> new Review.Row(List.of(rs.getString("severity"), rs.getString("check_name"), rs.getString("code"), rs.getString("subject"),
                        String.valueOf(rs.getLong("n")), rs.getString("message")), null, null)).list());

        List<Chart.Point> health = c.store().withHandle(h -> h.createQuery("SELECT finished_at, coalesce(system_health, health_score) FROM run "
                        + "WHERE system = :system AND finished_at >= :from AND finished_at < :to ORDER BY finished_at")
                .bind("system", c.system()).bind("from", c.from()).bind("to", c.to())
                .map((rs, ctx) -> new Chart.Point(rs.getTimestamp(1).toInstant(), rs.getDouble(2))).list());
        List<Chart> charts = health.isEmpty() ? List.of() : List.of(Chart.of("Health score", "0–100", "health", Charts.thin(health)));
        figures.put("runs", health.size());
        List<dev.caretaker.checklist.ChecklistBook.Instance> lists = new dev.caretaker.checklist.ChecklistBook(c.store(), c.system(), c.zone())
                .between(c.range().from(), c.range().to());
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
