package dev.caretaker.config;

/** The configuration of one check, as its kind read it; the kind makes the check. */
public interface CheckConfig {
    /** The kind that read this config, and makes and runs its check. */
    CheckType kind();

    String name();

    String description();

    /** The kind's name: the {@code type:} written in the config. */
    default String type() {
        return kind().name();
    }

    /** The monitored database this check reads, or null for checks that read none. */
    default String database() {
        return null;
    }
}
