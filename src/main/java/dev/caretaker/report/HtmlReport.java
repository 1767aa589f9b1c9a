package dev.caretaker.report;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;

/** The report as one self-contained HTML page (inline style, no scripts), for email and archives. */
final class HtmlReport {
    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
            + ".ok{color:#137333}.warning{color:#b06000}.critical{color:#c5221f;font-weight:bold}.unknown{color:#7b1fa2}.info{color:#666}"
            + "code{background:#f4f4f4;padding:0 3px}.ev{color:#666;font-size:12px}"
            + "pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font:13px/1.4 monospace}td{overflow-wrap:anywhere}";

    private HtmlReport() {
    }

    static String render(RunOutcome outcome) {
        RunResult run = outcome.run();
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(run.system() + " — " + run.suite())).append("</title><style>").append(STYLE).append("</style></head><body>\n");
        out.append("<h1>").append(esc(run.system())).append(" — ").append(esc(run.suite())).append("</h1>\n");
        out.append("<p>Status <strong class=\"").append(run.status().label()).append("\">").append(run.status().name())
                .append("</strong> · health <strong>").append(esc(ReportOrder.health(run))).append("</strong> · run #").append(run.runId())
                .append(" · ").append(esc(Times.human(run.startedAt(), outcome.zone()))).append("</p>\n<p>").append(esc(ReportOrder.summary(run))).append("</p>\n");
        out.append("<table><tr><th>Check</th><th>Type</th><th>Status</th><th>Findings</th><th>Time</th></tr>\n");
        for (CheckResult r : ReportOrder.checks(run)) {
            out.append("<tr><td>").append(esc(r.name())).append("</td><td>").append(esc(r.type())).append("</td><td class=\"")
                    .append(r.status().label()).append("\">").append(r.status().name()).append("</td><td>").append(r.findings().size())
                    .append("</td><td>").append(r.durationMs()).append(" ms</td></tr>\n");
        }
        out.append("</table>\n");
        if (!outcome.actions().isEmpty()) {
            out.append("<h2>Actions</h2>\n<ul>\n");
            outcome.actions().forEach(a -> out.append("<li><pre>").append(esc(a.line())).append("</pre></li>\n"));
            out.append("</ul>\n");
        }
        if (IgnoredLines.heading(run) != null) {
            out.append("<h2>").append(IgnoredLines.heading(run)).append("</h2>\n<ul>\n");
            IgnoredLines.lines(run, outcome.zone()).forEach(l -> out.append("<li class=\"info\">").append(esc(l)).append("</li>\n"));
            out.append("</ul>\n");
        }
        if (!outcome.incidentRows().isEmpty() || !outcome.notes().isEmpty()) {
            out.append("<h2>Incidents</h2>\n<ul>\n");
            outcome.incidentRows().forEach(row -> out.append("<li>").append(esc(ReportOrder.incidentLine(row, outcome.zone()))).append("</li>\n"));
            outcome.notes().forEach(c -> out.append("<li class=\"info\">").append(esc(ReportOrder.noteLine(c))).append("</li>\n"));
            out.append("</ul>\n");
        }
        String audit = ReportOrder.auditLine(outcome);
        if (audit != null) {
            out.append("<p class=\"audit\">").append(esc(audit)).append("</p>\n");
        }
        for (CheckResult r : ReportOrder.checks(run)) {
            if (r.findings().isEmpty() && r.error() == null) {
                continue;
            }
            out.append("<h2>").append(esc(r.name())).append(" <span class=\"").append(r.status().label()).append("\">")
                    .append(r.status().label()).append("</span></h2>\n");
            if (r.error() != null) {
                out.append("<p class=\"unknown\">Could not judge: ").append(esc(r.error())).append("</p>\n");
            }
            if (!r.findings().isEmpty()) {
                out.append("<table><tr><th>Severity</th><th>Code</th><th>Subject</th><th>Message</th></tr>\n");
                for (Finding f : ReportOrder.findings(r)) {
                    out.append("<tr><td class=\"").append(f.severity().label()).append("\">").append(f.severity().label())
                            .append("</td><td><code>").append(esc(f.code())).append("</code></td><td>").append(esc(f.subject()))
                            .append("</td><td>").append(esc(f.message())).append("<div class=\"ev\">")
                            .append(esc(ReportOrder.evidence(f, 400))).append("</div></td></tr>\n");
                }
                out.append("</table>\n");
            }
        }
        return out.append("</body></html>\n").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
