package dev.caretaker.config;

/** {@code type: sql} — a custom read-only query: one number judged by conditions, or one finding per row. */
public record SqlCheckConfig(CheckType kind, String name, String description, String database, String query, NumberCondition warning,
                             NumberCondition critical, String code, Severity severity, String subjectColumn) implements CheckConfig {

    public static final String DEFAULT_CODE = "sql.rows";
    public static final Severity DEFAULT_SEVERITY = Severity.WARNING;
}
