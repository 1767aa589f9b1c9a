package dev.caretaker.check;

import dev.caretaker.config.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The user tables of a database and their columns (read by {@code sql/integrity/columns.sql}), to resolve the
 * names a config writes into quoted identifiers, with a did-you-mean when one does not exist.
 */
public final class Catalog {
    public record Table(String schema, String name, List<String> columns, List<String> primaryKey, Map<String, String> types) {
        /** The column's type as format_type prints it, e.g. {@code inet}, {@code timestamp with time zone}. */
        public String type(String column) {
            return types.getOrDefault(column, "");
        }

        public String quoted() {
            return SqlResource.ident(schema) + "." + SqlResource.ident(name);
        }

        public String display() {
            return schema.equals("public") ? name : schema + "." + name;
        }

        /** An expression naming a row of alias {@code a}: its primary key, else its physical position. */
        public String keyExpression(String alias) {
            if (primaryKey.isEmpty()) {
                return alias + ".ctid";
            }
            if (primaryKey.size() == 1) {
                return alias + "." + SqlResource.ident(primaryKey.get(0));
            }
            return "(" + String.join(", ", primaryKey.stream().map(c -> alias + "." + SqlResource.ident(c)).toList()) + ")";
        }
    }

    private final Map<String, Table> byQualifiedName = new LinkedHashMap<>();

    public Catalog(List<Row> columns) {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> pks = new LinkedHashMap<>();
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        for (Row r : columns) {
            String key = r.str("schema") + "." + r.str("table_name");
            types.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.str("column_name"), r.str("column_type"));
            cols.computeIfAbsent(key, k -> new ArrayList<>()).add(r.str("column_name"));
            TreeMap<Integer, String> pk = pks.computeIfAbsent(key, k -> new TreeMap<>());
            if (!r.isNull("pk_position")) {
                pk.put((int) r.lng("pk_position"), r.str("column_name"));
            }
        }
        for (Map.Entry<String, List<String>> e : cols.entrySet()) {
            int dot = e.getKey().indexOf('.');
            byQualifiedName.put(e.getKey(), new Table(e.getKey().substring(0, dot), e.getKey().substring(dot + 1), e.getValue(),
                    List.copyOf(pks.get(e.getKey()).values()), Map.copyOf(types.get(e.getKey()))));
        }
    }

    /** {@code invoices} (public first, else the one schema that has it) or {@code billing.invoices}. */
    public Table table(String written) {
        if (written.contains(".")) {
            Table t = byQualifiedName.get(written);
            if (t == null) {
                throw new IllegalArgumentException("table " + written + " does not exist" + didYouMean(written));
            }
            return t;
        }
        Table pub = byQualifiedName.get("public." + written);
        if (pub != null) {
            return pub;
        }
        List<Table> matches = byQualifiedName.values().stream().filter(t -> t.name().equals(written)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("table " + written + " does not exist" + didYouMean(written));
        }
        throw new IllegalArgumentException("table " + written + " exists in several schemas ("
                + String.join(", ", matches.stream().map(Table::schema).toList()) + "); write schema.table");
    }

    public static String column(Table t, String column) {
        if (!t.columns().contains(column)) {
            throw new IllegalArgumentException("column " + t.display() + "." + column + " does not exist"
                    + Suggestions.didYouMean(column, t.columns()));
        }
        return SqlResource.ident(column);
    }

    /** Every user table, by schema and name. */
    public java.util.Collection<Table> tables() {
        return java.util.Collections.unmodifiableCollection(byQualifiedName.values());
    }

    public Optional<Table> find(String schema, String name) {
        return Optional.ofNullable(byQualifiedName.get(schema + "." + name));
    }

    private String didYouMean(String written) {
        List<String> names = byQualifiedName.values().stream().map(Table::display).toList();
        return Suggestions.didYouMean(written, names);
    }

    /** Reads the catalog of the database behind {@code c}. */
    public static Catalog read(java.sql.Connection c) throws java.sql.SQLException {
        return new Catalog(Sql.resource(c, "integrity/columns.sql"));
    }
}
