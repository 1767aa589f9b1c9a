package dev.caretaker.config;

import java.util.List;
import java.util.Locale;

/** Checks a five-field cron expression (minute hour day-of-month month day-of-week), e.g. {@code 0 2 * * SUN}. */
public final class CronSyntax {
    private static final List<String> FIELDS = List.of("minute", "hour", "day of month", "month", "day of week");
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private CronSyntax() {
    }

    public static void validate(String expression) {
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("cron '" + expression + "' has " + parts.length
                    + " fields; write five: minute hour day-of-month month day-of-week, e.g. \"0 2 * * SUN\"");
        }
        for (int i = 0; i < 5; i++) {
            for (String item : parts[i].split(",")) {
                validateItem(expression, i, item);
            }
        }
    }

    private static void validateItem(String expression, int field, String item) {
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            number(expression, field, item.substring(slash + 1), 1, 59);
        }
        if (range.equals("*") || range.equals("?")) {
            return;
        }
        String[] ends = range.split("-", 2);
        for (String end : ends) {
            number(expression, field, end, RANGES[field][0], RANGES[field][1]);
        }
    }

    private static void number(String expression, int field, String text, int min, int max) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (field == 3 && MONTHS.contains(upper) || field == 4 && DAYS.contains(upper)) {
            return;
        }
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException("cron '" + expression + "': " + FIELDS.get(field) + " " + v + " is out of range " + min + "-" + max);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron '" + expression + "': '" + text + "' is not a valid " + FIELDS.get(field));
        }
    }
}
