package dev.caretaker.config;

import java.util.Locale;

/** Whether an action may run by itself: {@code auto} runs, {@code approval} waits for a person, {@code forbidden} never runs. */
public enum Policy {
    AUTO, APPROVAL, FORBIDDEN;

    public static final Policy DEFAULT = APPROVAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Policy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a policy; write auto, approval or forbidden");
        }
    }
}
