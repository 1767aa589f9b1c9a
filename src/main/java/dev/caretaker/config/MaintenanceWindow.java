package dev.caretaker.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** A time when incidents are recorded but notifications stay muted: a cron start with a duration, or from/to. */
public record MaintenanceWindow(String name, CronExpression schedule, Duration duration, Instant from, Instant to,
                                List<String> checks) {

    /** Whether the window is open at {@code now} for {@code check} (every check when {@code checks} is empty). */
    public boolean covers(Instant now, String check, ZoneId zone) {
        if (!checks.isEmpty() && !checks.contains(check)) {
            return false;
        }
        if (from != null) {
            return !now.isBefore(from) && now.isBefore(to);
        }
        ZonedDateTime start = schedule.previous(now.atZone(zone));
        return start != null && now.isBefore(start.toInstant().plus(duration));
    }
}
