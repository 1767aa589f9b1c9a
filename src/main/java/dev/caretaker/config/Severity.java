package dev.caretaker.config;

import java.util.Locale;

/** How bad a finding or a firing rule is. Info findings are worth reading but change no status and open no incident by default. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code info}, {@code warning} or {@code critical}, as written in a config or stored. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a severity; write info, warning or critical");
        }
    }

    public boolean worseThan(Severity other) {
        return ordinal() > other.ordinal();
    }
}
