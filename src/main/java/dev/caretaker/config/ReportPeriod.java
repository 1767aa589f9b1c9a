package dev.caretaker.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/**
 * The stretch of time a periodic report covers, in the config's time zone: a calendar one that ended last
 * ({@code LAST_DAY}, {@code LAST_WEEK} Monday to Monday, {@code LAST_MONTH}), the last so long up to now ({@code 7d},
 * {@code 24h}), or two dates ({@code 2026-11-01..2026-11-08}, the second exclusive).
 */
public record ReportPeriod(String text) {
    public static final List<String> NAMED = List.of("LAST_DAY", "LAST_WEEK", "LAST_MONTH");

    /** A half-open range [{@code from}, {@code to}) and the one just before it, of the same length. */
    public record Range(Instant from, Instant to) {
        public Range previous() {
            return new Range(from.minus(Duration.between(from, to)), from);
        }

        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /** Checks {@code text} now, so a config or a command line with a wrong period is refused before anything runs. */
    public static ReportPeriod parse(String text) {
        ReportPeriod p = new ReportPeriod(text.trim());
        p.resolve(Instant.EPOCH.plus(Duration.ofDays(20000)), ZoneId.of("UTC"));
        return p;
    }

    /** The range this period means when the report is made at {@code now}. */
    public Range resolve(Instant now, ZoneId zone) {
        ZonedDateTime today = now.atZone(zone).toLocalDate().atStartOfDay(zone);
        String upper = text.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "LAST_DAY" -> {
                return new Range(today.minusDays(1).toInstant(), today.toInstant());
            }
            case "LAST_WEEK" -> {
                ZonedDateTime monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                return new Range(monday.minusWeeks(1).toInstant(), monday.toInstant());
            }
            case "LAST_MONTH" -> {
                ZonedDateTime first = today.withDayOfMonth(1);
                return new Range(first.minusMonths(1).toInstant(), first.toInstant());
            }
            default -> {
                int dots = text.indexOf("..");
                if (dots > 0) {
                    try {
                        LocalDate from = LocalDate.parse(text.substring(0, dots).trim());
                        LocalDate to = LocalDate.parse(text.substring(dots + 2).trim());
                        if (!to.isAfter(from)) {
                            throw new IllegalArgumentException("period '" + text + "' ends before it starts; write FROM..TO with TO after FROM");
                        }
                        return new Range(from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("period '" + text + "': dates are written 2026-11-01..2026-11-08");
                    }
                }
                try {
                    Duration d = Units.parseDuration(text);
                    if (d.compareTo(Duration.ofHours(1)) < 0) {
                        throw new IllegalArgumentException("period '" + text + "' is shorter than an hour; a report covers at least 1h");
                    }
                    return new Range(now.minus(d), now);
                } catch (IllegalArgumentException e) {
                    if (e.getMessage().startsWith("period")) {
                        throw e;
                    }
                    throw new IllegalArgumentException("'" + text + "' is not a report period" + Suggestions.didYouMean(upper, NAMED)
                            + "; write LAST_DAY, LAST_WEEK, LAST_MONTH, a length up to now (7d, 24h) or dates (2026-11-01..2026-11-08)");
                }
            }
        }
    }
}
