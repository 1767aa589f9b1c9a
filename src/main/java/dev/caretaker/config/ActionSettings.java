package dev.caretaker.config;

/** The settings of one kind of action, read by its {@link ActionType}: a record of that kind's own. */
public interface ActionSettings {
    /** For kinds without settings of their own (vacuum, reindex). */
    ActionSettings NONE = new ActionSettings() {
    };
}
