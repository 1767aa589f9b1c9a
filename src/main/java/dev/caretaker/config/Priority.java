package dev.caretaker.config;

import java.util.Locale;

/** How urgent an incident is: P0 (now) is the most urgent, P3 (within a day) the least. Manual 004's classes. */
public enum Priority {
    P0, P1, P2, P3;

    /** {@code P0} … {@code P3}; lower case is accepted. */
    public static Priority parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a priority; allowed: P0, P1, P2, P3");
        }
    }

    /** True when this priority is {@code other} or more urgent: P1 is at least P2. */
    public boolean atLeast(Priority other) {
        return ordinal() <= other.ordinal();
    }

    public boolean moreUrgentThan(Priority other) {
        return ordinal() < other.ordinal();
    }
}
