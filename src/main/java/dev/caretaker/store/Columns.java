package dev.caretaker.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Many rows bound as one array per column, for a statement that reads them back with {@code unnest(:a, :b, …)}: one
 * statement for a run's hundreds of rows, where a batch executes one statement per row. Values are texts, whole numbers
 * (as {@code Long}), numbers, booleans or instants (bound as text: the statement casts them to {@code timestamptz}).
 */
public final class Columns {
    private final Map<String, List<Object>> values = new LinkedHashMap<>();
    private final Map<String, Class<?>> types = new LinkedHashMap<>();

    /** Adds {@code value} to {@code column}; a row is one value added to each column. */
    public Columns add(String column, Object value) {
        Object v = value instanceof Instant i ? i.toString() : value;
        values.computeIfAbsent(column, c -> new ArrayList<>()).add(v);
        if (v != null) {
            types.putIfAbsent(column, v.getClass());
        }
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty() || values.values().iterator().next().isEmpty();
    }

    /** Binds every column as an array named after it. */
    public <T extends SqlStatement<T>> T bind(T statement) {
        values.forEach((column, list) -> statement.bindArray(column, types.getOrDefault(column, String.class), list));
        return statement;
    }
}
