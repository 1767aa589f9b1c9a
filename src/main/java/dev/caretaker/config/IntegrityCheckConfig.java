package dev.caretaker.config;

import java.util.List;
import java.util.Map;

/** {@code type: integrity} — orphan rows and unexpected NULLs. */
public record IntegrityCheckConfig(CheckType kind, String name, String description, String database, List<Reference> orphans,
                                   Map<String, List<String>> notNull, boolean discover) implements CheckConfig {

    /** {@code child_table.column -> parent_table.column}; tables may carry a schema ({@code s.t.c}). */
    public record Reference(String childTable, String childColumn, String parentTable, String parentColumn) {
        public String text() {
            return childTable + "." + childColumn + " -> " + parentTable + "." + parentColumn;
        }

        public static Reference parse(String text) {
            String[] sides = text.split("->");
            if (sides.length != 2) {
                throw new IllegalArgumentException("'" + text + "' must read child_table.column -> parent_table.column");
            }
            String[] child = splitColumn(sides[0].trim(), text);
            String[] parent = splitColumn(sides[1].trim(), text);
            return new Reference(child[0], child[1], parent[0], parent[1]);
        }

        private static String[] splitColumn(String side, String whole) {
            int dot = side.lastIndexOf('.');
            if (dot <= 0 || dot == side.length() - 1) {
                throw new IllegalArgumentException("'" + whole + "': '" + side + "' must be table.column");
            }
            return new String[] {side.substring(0, dot), side.substring(dot + 1)};
        }
    }
}
