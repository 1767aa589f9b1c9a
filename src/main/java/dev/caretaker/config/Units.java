package dev.caretaker.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the value forms of the config: durations ({@code 30s}), sizes ({@code 1MB}), percentages. */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|kB|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%?");

    /** No duration of a config is longer than this; larger numbers are typing mistakes, and would overflow. */
    static final double MAX_DAYS = 36_500;
    private static final java.util.Map<String, Double> UNIT_DAYS = java.util.Map.of("ms", 1 / 86_400_000.0, "s", 1 / 86_400.0,
            "m", 1 / 1_440.0, "h", 1 / 24.0, "d", 1.0, "w", 7.0);

    private Units() {
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, {@code 1w}. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: durations need a number and a unit, e.g. 250ms, 30s, 5m, 2h, 7d");
        }
        double n = Double.parseDouble(m.group(1));
        if (n * UNIT_DAYS.getOrDefault(m.group(2), 0.0) > MAX_DAYS) {
            throw new IllegalArgumentException("'" + text + "' is longer than " + (int) (MAX_DAYS / 365) + " years; write a shorter duration");
        }
        long millis = switch (m.group(2)) {
            case "ms" -> (long) n;
            case "s" -> (long) (n * 1_000);
            case "m" -> (long) (n * 60_000);
            case "h" -> (long) (n * 3_600_000);
            case "d" -> (long) (n * 86_400_000);
            default -> (long) (n * 7 * 86_400_000);
        };
        return Duration.ofMillis(millis);
    }

    /** Bytes from {@code 512}, {@code 64kB}, {@code 1MB}, {@code 50GB} (multiples of 1024, as PostgreSQL prints them). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write e.g. 512kB, 1MB, 10GB");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            case "TB" -> 1L << 40;
            default -> 1L;
        };
        return (long) (n * factor);
    }

    /** {@code 80%} or {@code 80}, between 0 and 100. */
    public static double parsePercent(String text) {
        Matcher m = PERCENT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a percentage: write e.g. 80%");
        }
        double v = Double.parseDouble(m.group(1));
        if (v > 100) {
            throw new IllegalArgumentException("'" + text + "' is over 100%");
        }
        return v;
    }

    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** A human reading of a duration: {@code 3d 4h}, {@code 12m 5s}, {@code 850ms}. */
    public static String humanDuration(Duration d) {
        long s = d.getSeconds();
        if (s < 1) {
            return d.toMillis() + "ms";
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return two(s / 60, "m", s % 60, "s");
        }
        if (s < 86_400) {
            return two(s / 3600, "h", s % 3600 / 60, "m");
        }
        return two(s / 86_400, "d", s % 86_400 / 3600, "h");
    }

    private static String two(long major, String majorUnit, long minor, String minorUnit) {
        return major + majorUnit + (minor == 0 ? "" : " " + minor + minorUnit);
    }

    /** A number as people read it: thousands grouped from 100 on or when whole, else at most two decimals. */
    public static String formatNumber(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    /** {@code 2026-11-24 09:00} in {@code zone}; empty for null. */
    public static String formatMinute(java.time.Instant t, java.time.ZoneId zone) {
        return t == null ? "" : MINUTE.format(t.atZone(zone));
    }

    public static String formatBytes(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int i = 0;
        while (bytes >= 1024 && i < units.length - 1) {
            bytes /= 1024;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.0f B", bytes) : String.format(Locale.ROOT, "%.1f %s", bytes, units[i]);
    }
}
