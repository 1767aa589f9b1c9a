package dev.caretaker.check.integrity;

import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code discover: true} checks: the references a database does not enforce, found by the naming conventions of the
 * frameworks that make such schemas (read by {@code sql/integrity/discover.sql}). Per column only the candidates of the best
 * tier count, and only when they name one parent table: a name that could mean two tables is left out (and listed as
 * ambiguous), since checking it against the wrong one would raise false orphan alarms. A relation's source names every
 * convention that agrees on it, the strongest first.
 */
public final class Discovery {
    private Discovery() {
    }

    /** One reference to check: {@code child.column -> parent.column}, and the convention that matched. */
    public record Relation(String childSchema, String childTable, String childColumn, String parentSchema, String parentTable,
                           String parentColumn, String source) {
        /** As the {@code orphans:} of a config writes it: {@code auth_user_groups.user_id -> auth_user.id}. */
        public String text() {
            return display(childSchema, childTable) + "." + childColumn + " -> " + display(parentSchema, parentTable) + "." + parentColumn;
        }

        public String childTableName() {
            return display(childSchema, childTable);
        }

        public String parentTableName() {
            return display(parentSchema, parentTable);
        }
    }

    /** A column that could refer to several tables, none of which discovery picks. */
    public record Ambiguous(String child, List<String> parents) {
    }

    /** The relations to check, in child order, and the columns left out as ambiguous. */
    public record Result(List<Relation> relations, List<Ambiguous> ambiguous) {
    }

    public static Result read(Connection c) throws SQLException {
        Map<String, List<Row>> byColumn = new LinkedHashMap<>();
        for (Row r : Sql.resource(c, "integrity/discover.sql")) {
            String key = r.str("child_schema") + "\u0000" + r.str("child_table") + "\u0000" + r.str("child_column")
                    + (r.lng("tier") == 0 ? "\u0000" + r.str("parent_schema") + "\u0000" + r.str("parent_table") : "");
            byColumn.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Relation> relations = new ArrayList<>();
        List<Ambiguous> ambiguous = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (List<Row> rows : byColumn.values()) {
            long best = rows.stream().mapToLong(r -> r.lng("tier")).min().orElseThrow();
            List<Row> top = rows.stream().filter(r -> r.lng("tier") == best).toList();
            Set<String> parents = new LinkedHashSet<>();
            top.forEach(r -> parents.add(display(r.str("parent_schema"), r.str("parent_table")) + "." + r.str("parent_column")));
            Row r = top.get(0);
            if (parents.size() > 1) {
                ambiguous.add(new Ambiguous(display(r.str("child_schema"), r.str("child_table")) + "." + r.str("child_column"),
                        List.copyOf(parents)));
                continue;
            }
            List<String> agreeing = rows.stream()
                    .filter(x -> x.str("parent_schema").equals(r.str("parent_schema")) && x.str("parent_table").equals(r.str("parent_table")))
                    .sorted(java.util.Comparator.comparingLong(x -> x.lng("tier"))).map(x -> x.str("source")).toList();
            Relation rel = new Relation(r.str("child_schema"), r.str("child_table"), r.str("child_column"), r.str("parent_schema"),
                    r.str("parent_table"), r.str("parent_column"), source(agreeing));
            if (seen.add(rel.text())) {
                relations.add(rel);
            }
        }
        return new Result(List.copyOf(relations), List.copyOf(ambiguous));
    }

    /**
     * The words for the conventions that agree on a relation: the strongest in full, a naming convention before a foreign key
     * of the same name (the convention says more to a reader), and the others by their label ("also Django naming").
     */
    static String source(List<String> agreeing) {
        List<String> ordered = new ArrayList<>(agreeing.stream().filter(x -> !x.startsWith(LIKE_KEY)).toList());
        agreeing.stream().filter(x -> x.startsWith(LIKE_KEY)).forEach(ordered::add);
        Set<String> labels = new LinkedHashSet<>();
        ordered.forEach(x -> labels.add(label(x)));
        labels.remove(label(ordered.get(0)));
        return ordered.get(0) + (labels.isEmpty() ? "" : "; also " + String.join(", ", labels));
    }

    private static final String LIKE_KEY = "like the foreign key";

    private static String label(String source) {
        if (source.startsWith(LIKE_KEY)) {
            return "a foreign key of the same column name";
        }
        int colon = source.indexOf(':');
        return colon > 0 ? source.substring(0, colon) : source;
    }

    /** The number of single-column foreign keys the database enforces (validated), which discovery leaves to it. */
    public static long enforced(Connection c) throws SQLException {
        return Sql.resource(c, "integrity/enforced.sql").get(0).lng("enforced");
    }

    static String display(String schema, String table) {
        return schema.equals("public") ? table : schema + "." + table;
    }
}
