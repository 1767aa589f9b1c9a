package dev.caretaker.config;

/** {@code type: postgres} — the health of one database. */
public record PostgresCheckConfig(String name, String description, String database, PostgresThresholds thresholds)
        implements CheckConfig {
    @Override
    public String type() {
        return "postgres";
    }
}
