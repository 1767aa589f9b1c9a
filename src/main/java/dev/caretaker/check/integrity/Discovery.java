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
            Set<String> sources = new LinkedHashSet<>();
            rows.stream().filter(x -> x.str("parent_schema").equals(r.str("parent_schema")) && x.str("parent_table").equals(r.str("parent_table")))
                    .sorted(java.util.Comparator.comparingLong(x -> x.lng("tier"))).forEach(x -> sources.add(x.str("source")));
            Relation rel = new Relation(r.str("child_schema"), r.str("child_table"), r.str("child_column"), r.str("parent_schema"),
                    r.str("parent_table"), r.str("parent_column"), String.join("; ", sources));
            if (seen.add(rel.text())) {
                relations.add(rel);
            }
        }
        return new Result(List.copyOf(relations), List.copyOf(ambiguous));
    }

    /** The number of single-column foreign keys the database enforces (validated), which discovery leaves to it. */
    public static long enforced(Connection c) throws SQLException {
        return Sql.resource(c, "integrity/enforced.sql").get(0).lng("enforced");
    }

    static String display(String schema, String table) {
        return schema.equals("public") ? table : schema + "." + table;
    }
}
