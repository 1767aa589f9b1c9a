package dev.caretaker.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A check query kept as a {@code .sql} file under {@code src/main/resources/sql/}, so a DBA can read and run it alone. */
public final class SqlResource {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlResource() {
    }

    /** The text of {@code sql/<path>}. */
    public static String load(String path) {
        return CACHE.computeIfAbsent(path, p -> {
            try (InputStream in = SqlResource.class.getResourceAsStream("/sql/" + p)) {
                if (in == null) {
                    throw new IllegalStateException("missing query resource sql/" + p);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A template with {@code {{name}}} placeholders filled with already-quoted identifiers. */
    public static String fill(String path, Map<String, String> values) {
        String sql = load(path);
        for (Map.Entry<String, String> v : values.entrySet()) {
            sql = sql.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        if (sql.contains("{{")) {
            throw new IllegalStateException("unfilled placeholder in sql/" + path);
        }
        return sql;
    }

    /** Quotes a text literal (standard_conforming_strings, the default since PostgreSQL 9.1). */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a text value cannot contain a NUL character");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** Quotes an identifier the way PostgreSQL's quote_ident does. */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
