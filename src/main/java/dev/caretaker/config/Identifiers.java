package dev.caretaker.config;

/** PostgreSQL identifiers written back as SQL: quoted only where the plain form would mean something else. */
public final class Identifiers {
    private Identifiers() {
    }

    public static String quote(String name) {
        if (name.matches("[a-z_][a-z0-9_$]*") && !Keywords.RESERVED.contains(name)) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A string literal, for the few places SQL text must carry a value (role passwords' verifiers). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The reserved words that cannot be a bare table or role name. */
    static final class Keywords {
        static final java.util.Set<String> RESERVED = java.util.Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
                "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
                "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else",
                "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
                "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
                "primary", "references", "returning", "select", "session_user", "some", "symmetric", "system_user", "table", "then", "to",
                "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with");

        private Keywords() {
        }
    }
}
