package dev.caretaker.config;

import java.time.Duration;

/** {@code type: errors} — an error log table, its last window against a baseline of windows before it. */
public record ErrorsCheckConfig(CheckType kind, String name, String description, String database, String table, String timeColumn,
                                String groupBy, Duration window, Duration baseline, Total total) implements CheckConfig {

    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_BASELINE = Duration.ofDays(7);
    public static final double SPIKE_WARNING = 3;
    public static final double SPIKE_CRITICAL = 10;
    public static final long SPIKE_MIN_EVENTS = 10;
    /** 003's alert rules: error rate above 2 % warns, above 5 % is critical. */
    public static final double RATE_WARNING = 2;
    public static final double RATE_CRITICAL = 5;

    /** What counts all requests of the window: a table with its time column, or a query returning one number. */
    public record Total(String table, String timeColumn, String query) {
    }
}
