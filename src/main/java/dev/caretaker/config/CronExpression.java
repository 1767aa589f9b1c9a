package dev.caretaker.config;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) that can say when it last fired.
 * Day of month and day of week combine as in Vixie cron: when both are restricted, either may match.
 */
public final class CronExpression {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far back {@link #previous} looks before giving up: enough for any yearly expression. */
    private static final long MAX_MINUTES_BACK = 366L * 24 * 60 * 4;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean dayRestricted;
    private final boolean weekdayRestricted;

    private CronExpression(String text, String[] f) {
        this.text = text;
        minutes = field(f[0], 0, 59, null);
        hours = field(f[1], 0, 23, null);
        days = field(f[2], 1, 31, null);
        months = field(f[3], 1, 12, MONTHS);
        weekdays = field(f[4], 0, 7, DAYS);
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        dayRestricted = !f[2].equals("*") && !f[2].equals("?");
        weekdayRestricted = !f[4].equals("*") && !f[4].equals("?");
    }

    public static CronExpression parse(String text) {
        CronSyntax.validate(text);
        return new CronExpression(text.trim(), text.trim().split("\\s+"));
    }

    public String text() {
        return text;
    }

    public boolean matches(ZonedDateTime t) {
        return matches(t.toLocalDateTime());
    }

    private boolean matches(java.time.LocalDateTime t) {
        if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
            return false;
        }
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (dayRestricted && weekdayRestricted) {
            return day || weekday;
        }
        return day && weekday;
    }

    /** The latest fire time at or before {@code t} (to the minute), or null if none within four years. */
    public ZonedDateTime previous(ZonedDateTime t) {
        ZonedDateTime c = t.truncatedTo(ChronoUnit.MINUTES);
        for (long i = 0; i < MAX_MINUTES_BACK; i++) {
            if (matches(c)) {
                return c;
            }
            c = c.minusMinutes(1);
        }
        return null;
    }

    /**
     * The first fire time after {@code t} (to the minute), or null if none within four years. Across daylight-saving changes
     * it fires as Vixie cron does: a time the clock skips fires once, at the first minute after the jump; a time the clock
     * passes twice fires once, the first time.
     */
    public ZonedDateTime next(ZonedDateTime t) {
        ZonedDateTime c = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (long i = 0; i < MAX_MINUTES_BACK; i++) {
            java.time.LocalDateTime before = c.minusMinutes(1).toLocalDateTime();
            java.time.LocalDateTime now = c.toLocalDateTime();
            if (java.time.Duration.between(before, now).toMinutes() > 1) {
                for (java.time.LocalDateTime skipped = before.plusMinutes(1); skipped.isBefore(now); skipped = skipped.plusMinutes(1)) {
                    if (matches(skipped)) {
                        return c;
                    }
                }
            }
            boolean secondPass = c.withEarlierOffsetAtOverlap().toInstant().isBefore(c.toInstant());
            if (matches(now) && !secondPass) {
                return c;
            }
            c = c.plusMinutes(1);
        }
        return null;
    }

    private static BitSet field(String spec, int min, int max, List<String> names) {
        BitSet out = new BitSet(max + 1);
        for (String item : spec.split(",")) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(item.substring(slash + 1));
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = value(ends[0], names);
                to = value(ends[1], names);
            } else {
                from = value(range, names);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int value(String s, List<String> names) {
        if (names != null) {
            int i = names.indexOf(s.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return names == MONTHS ? i + 1 : i;
            }
        }
        return Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return text;
    }
}
