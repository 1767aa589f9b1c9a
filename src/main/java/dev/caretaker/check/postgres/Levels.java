package dev.caretaker.check.postgres;

import dev.caretaker.config.Severity;
import java.util.Locale;

/** Threshold comparisons and the number formats probes write into messages. */
final class Levels {
    private Levels() {
    }

    /** Critical at or above {@code critical}, warning at or above {@code warning}, else null. */
    static Severity atOrAbove(double value, double warning, double critical) {
        return value >= critical ? Severity.CRITICAL : value >= warning ? Severity.WARNING : null;
    }

    /** Critical below {@code critical}, warning below {@code warning}, else null. */
    static Severity below(double value, double warning, double critical) {
        return value < critical ? Severity.CRITICAL : value < warning ? Severity.WARNING : null;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** {@code invoices} for the public schema, {@code billing.invoices} elsewhere. */
    static String table(String schema, String name) {
        return schema == null || schema.equals("public") ? name : schema + "." + name;
    }
}
