package dev.caretaker.check;

import java.util.Locale;

/** One thing {@code validate --connect} found about whether a check can work: fine, a weakness, or a problem that stops it. */
public record Readiness(Level level, String subject, String message) {
    /** How much it matters. */
    public enum Level {
        OK, WARNING, PROBLEM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Readiness ok(String subject, String message) {
        return new Readiness(Level.OK, subject, message);
    }

    public static Readiness warning(String subject, String message) {
        return new Readiness(Level.WARNING, subject, message);
    }

    public static Readiness problem(String subject, String message) {
        return new Readiness(Level.PROBLEM, subject, message);
    }
}
