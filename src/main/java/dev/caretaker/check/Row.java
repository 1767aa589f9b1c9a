package dev.caretaker.check;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a check query, with typed getters that tolerate NULL (0, false, null or empty). A column the query does not
 * return is a bug in the check, not a NULL: every getter refuses it, naming the columns the row has.
 */
public record Row(Map<String, Object> values) {

    public static List<Row> all(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Row> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> v = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object o = rs.getObject(i);
                if (o instanceof Array a) {
                    o = Arrays.asList((Object[]) a.getArray());
                }
                v.put(md.getColumnLabel(i), o);
            }
            out.add(new Row(v));
        }
        return out;
    }

    public String str(String column) {
        Object o = value(column);
        return o == null ? null : o.toString();
    }

    public double dbl(String column) {
        Object o = value(column);
        return o == null ? 0 : ((Number) o).doubleValue();
    }

    public long lng(String column) {
        Object o = value(column);
        return o == null ? 0 : ((Number) o).longValue();
    }

    public boolean bool(String column) {
        return Boolean.TRUE.equals(value(column));
    }

    public boolean isNull(String column) {
        return value(column) == null;
    }

    public Instant instant(String column) {
        Object o = value(column);
        return o instanceof Timestamp t ? t.toInstant() : null;
    }

    public List<String> strings(String column) {
        Object o = value(column);
        if (o == null) {
            return List.of();
        }
        return ((List<?>) o).stream().map(String::valueOf).toList();
    }

    /** The value of {@code column}; a column the row does not have is refused, not read as NULL. */
    private Object value(String column) {
        Object o = values.get(column);
        if (o == null && !values.containsKey(column)) {
            throw new IllegalArgumentException("the row has no column '" + column + "'; its columns are " + String.join(", ", values.keySet()));
        }
        return o;
    }
}
