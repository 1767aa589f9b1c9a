package dev.caretaker.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The forms a run report takes; each knows its renderer and file extension. */
public enum ReportFormat {
    TEXT("txt"), JSON("json"), MARKDOWN("md"), HTML("html");

    public final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    /** The names of the formats, in their order: text, json, markdown, html. */
    public static List<String> names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    }

    public static ReportFormat parse(String s) {
        return parse(s, names());
    }

    /** As {@link #parse(String)}; {@code accepted} is what the error lists (a command may take more, e.g. check's nagios). */
    public static ReportFormat parse(String s, List<String> accepted) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown report format '" + s + "'; formats: " + String.join(", ", accepted));
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
