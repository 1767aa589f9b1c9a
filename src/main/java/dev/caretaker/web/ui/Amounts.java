package dev.caretaker.web.ui;

import java.util.Locale;

/**
 * A measurement's value as a person reads it, short enough for a chart's axis: "45 ms", "3.4 GB", "99.2 %", "1.2k". The
 * unit is the one the metrics catalog gives ({@code percent}, {@code bytes}, {@code seconds}, {@code milliseconds},
 * {@code days}, {@code boolean}); any other unit is a count, written short.
 */
public final class Amounts {
    private Amounts() {
    }

    /** {@code v} in {@code unit}, short. */
    public static String of(double v, String unit) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        return switch (unit == null ? "" : unit) {
            case "percent" -> decimal(v) + " %";
            case "bytes" -> bytes(v);
            case "seconds" -> seconds(v);
            case "milliseconds" -> seconds(v / 1000);
            case "days" -> decimal(v) + " d";
            case "boolean" -> v == 1 ? "yes" : v == 0 ? "no" : decimal(v * 100) + " %";
            default -> count(v);
        };
    }

    /** 1234 as "1.2k", 3 400 000 as "3.4M", 0.25 as "0.25". */
    public static String count(double v) {
        double a = Math.abs(v);
        if (a >= 1e12) {
            return scaled(v / 1e12) + "T";
        }
        if (a >= 1e9) {
            return scaled(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return scaled(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return scaled(v / 1e3) + "k";
        }
        return decimal(v);
    }

    /** Bytes in powers of 1024, as PostgreSQL's {@code pg_size_pretty} names them: "512 B", "16 kB", "3.4 GB". */
    public static String bytes(double v) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double a = Math.abs(v);
        int i = 0;
        while (a >= 1024 && i < units.length - 1) {
            a /= 1024;
            i++;
        }
        return (i == 0 ? decimal(v) : scaled(Math.signum(v) * a)) + " " + units[i];
    }

    /** A time in seconds in the unit that keeps it short: "45 ms", "12 s", "4.5 min", "2.1 h", "3 d". */
    public static String seconds(double s) {
        double a = Math.abs(s);
        if (a == 0) {
            return "0 s";
        }
        if (a < 1) {
            return scaled(s * 1000) + " ms";
        }
        if (a < 60) {
            return scaled(s) + " s";
        }
        if (a < 3600) {
            return scaled(s / 60) + " min";
        }
        if (a < 86_400) {
            return scaled(s / 3600) + " h";
        }
        return scaled(s / 86_400) + " d";
    }

    /** A value with a unit after it: one decimal below 10 ("3.4"), none above ("45", "512"). */
    static String scaled(double v) {
        if (Math.abs(v) >= 10 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v).replaceAll("\\.0$", "");
    }

    /** At most three significant digits and no trailing zeros: 99.24 → "99.2", 0.004 → "0.004", 512 → "512". */
    static String decimal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        double a = Math.abs(v);
        String text = a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 0.01 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.2g", v);
        return text.contains(".") && !text.contains("e") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
