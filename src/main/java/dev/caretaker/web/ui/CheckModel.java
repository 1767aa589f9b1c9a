package dev.caretaker.web.ui;

import java.util.List;

/**
 * A check's page: its latest status, the strip of its recent results (oldest first), one chart per measured series over
 * the chosen range, and the findings of its latest run with their evidence.
 */
public record CheckModel(Chrome chrome, String name, String type, String status, String range, List<String> ranges, List<Strip> strip,
                         List<Chart> charts, List<FindingView> findings) {
    /** One past result: its run, status and time. */
    public record Strip(long run, String status, String at) {
    }

    /** One series' chart, drawn on the server. */
    public record Chart(String title, String svg) {
    }

    /** A finding of the latest run, with its evidence as indented JSON. */
    public record FindingView(String code, String severity, String subject, String message, String evidence) {
    }
}
