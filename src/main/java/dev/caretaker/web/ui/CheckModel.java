package dev.caretaker.web.ui;

import java.util.List;

/**
 * A check's page: its latest status, then why its latest run could not judge (null when it could) and the findings of its latest run worst first (each with its evidence, runbook, the
 * action that would fix it and its incident), the strip of its recent results (oldest first), the charts its kind shows
 * first and the series that did not change in one line each, then every other series behind "all measurements".
 */
public record CheckModel(Chrome chrome, String name, String type, String status, String range, List<String> ranges, List<Strip> strip,
                         String error, List<FindingView> findings, List<Chart> charts, List<String> flat, List<Chart> moreCharts, List<String> moreFlat) {
    /** One past result: its run, status and time. */
    public record Strip(long run, String status, String at) {
    }

    /** One series' chart, drawn on the server, titled in words. */
    public record Chart(String title, String svg) {
    }

    /** How many measured series the page has in all (charts and unchanged lines, shown first or not). */
    public int measured() {
        return charts.size() + flat.size() + moreCharts.size() + moreFlat.size();
    }
}
