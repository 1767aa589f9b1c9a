package dev.caretaker.config;

/** {@code type: sql} — a custom read-only query: one number judged by conditions, or one finding per row. */
public record SqlCheckConfig(String name, String description, String database, String query, NumberCondition warning, NumberCondition critical,
                             String code, String severity, String subjectColumn) implements CheckConfig {

    public static final String DEFAULT_CODE = "sql.rows";
    public static final String DEFAULT_SEVERITY = "warning";

    @Override
    public String type() {
        return "sql";
    }
}
