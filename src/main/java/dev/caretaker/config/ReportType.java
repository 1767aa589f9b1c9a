package dev.caretaker.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of periodic report ({@code reports.NAME.type}), each with the period it covers unless told otherwise. */
public enum ReportType {
    /** This period's key figures per check against the previous period's and the baseline, with charts and advice. */
    TRENDS("trends", "LAST_WEEK"),
    /** Row-level security, roles, SSL, extensions, schema and function settings, and the period's security findings. */
    SECURITY_AUDIT("security-audit", "LAST_MONTH"),
    /** Incidents opened, resolved and still open, actions taken, success rates, the worst findings. */
    SUMMARY("summary", "LAST_DAY"),
    /** Every growth series' forecast, soonest limit first. */
    CAPACITY("capacity", "LAST_WEEK");

    public final String label;
    public final String defaultPeriod;

    ReportType(String label, String defaultPeriod) {
        this.label = label;
        this.defaultPeriod = defaultPeriod;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(t -> t.label).toList();
    }

    public static ReportType parse(String text) {
        for (ReportType t : values()) {
            if (t.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a report type" + Suggestions.didYouMean(text, labels()) + "; types: "
                + String.join(", ", labels()));
    }
}
