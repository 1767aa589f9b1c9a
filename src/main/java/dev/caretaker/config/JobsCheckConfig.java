package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code type: jobs} — background job runs recorded in a table of the app. */
public record JobsCheckConfig(CheckType kind, String name, String description, String database, String table, String nameColumn,
                              String statusColumn, String timeColumn, String finishedColumn, String errorColumn,
                              List<String> successValues, Duration window, Map<String, Job> jobs, java.time.ZoneId timezone)
        implements CheckConfig {

    public static final List<String> DEFAULT_SUCCESS_VALUES = List.of("success", "succeeded", "ok", "done", "completed");
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** 002's target: success rate above 95 %. */
    public static final double DEFAULT_MIN_SUCCESS_RATE = 95;
    /** 002's alert line: success rate below 90 % is critical. */
    public static final double CRITICAL_SUCCESS_RATE = 90;
    public static final Duration MIN_GRACE = Duration.ofMinutes(5);

    /** One expected job: how often it runs ({@code every} or {@code cron}), its grace and its success target. */
    public record Job(String name, Duration every, CronExpression cron, Duration grace, double minSuccessRate) {
    }
}
