package dev.caretaker.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate written {@code COUNT/PERIOD} ({@code 10/1m}, {@code 60/1h}; {@code 10/m} is {@code 10/1m}): a token bucket that
 * holds {@code count} and refills {@code count} every {@code period}, so a burst of {@code count} and then an even trickle.
 */
public record Rate(int count, Duration period) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d*(?:\\.\\d+)?\\s*(?:ms|s|m|h|d|w))\\s*");
    public static final int MAX_COUNT = 100_000;

    public Rate {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("a rate's count is 1 to " + MAX_COUNT + ", not " + count);
        }
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("a rate's period is 1s to 1d, not " + Units.formatDuration(period));
        }
    }

    /** Reads {@code 10/1m}; the message says how to write it. */
    public static Rate parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write COUNT/PERIOD, e.g. 10/1m (10 a minute) or 100/1h");
        }
        String period = m.group(2).trim();
        return new Rate(Integer.parseInt(m.group(1)), Units.parseDuration(Character.isDigit(period.charAt(0)) ? period : "1" + period));
    }

    @Override
    public String toString() {
        return count + "/" + Units.formatDuration(period);
    }
}
