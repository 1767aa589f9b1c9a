package dev.caretaker.report;

import java.util.Locale;

/** The forms a run report takes; each knows its renderer and file extension. */
public enum ReportFormat {
    TEXT("txt"), JSON("json"), MARKDOWN("md"), HTML("html");

    public final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    public static ReportFormat parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown report format '" + s + "'; formats: text, json, markdown, html");
        }
    }

    public String render(RunOutcome outcome, boolean colour) {
        return switch (this) {
            case TEXT -> new TextReport(colour).render(outcome);
            case JSON -> JsonReport.render(outcome);
            case MARKDOWN -> MarkdownReport.render(outcome);
            case HTML -> HtmlReport.render(outcome);
        };
    }
}
