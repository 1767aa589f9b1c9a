package dev.caretaker.config;

/** {@code type: postgres} — the health of one database. */
public record PostgresCheckConfig(CheckType kind, String name, String description, String database, PostgresThresholds thresholds)
        implements CheckConfig {
}
