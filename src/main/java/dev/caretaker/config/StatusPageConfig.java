package dev.caretaker.config;

import java.util.List;

/**
 * The public status page ({@code status_page:}; off when absent): a title and groups of components. A component stands for
 * checks (its status is the worst of them) or for one subject of one check (a retailer's order import: the findings of
 * that check about that subject). A matrix group is a table of such components: rows × columns, each cell the check's
 * subject made from the row and the column.
 */
public record StatusPageConfig(boolean enabled, String title, List<Group> groups) {
    public static final StatusPageConfig OFF = new StatusPageConfig(false, "", List.of());

    /** One thing the public sees: a name, the checks behind it, and a subject of them or null for the whole checks. */
    public record Component(String name, List<String> checks, String subject) {
    }

    /** A group of components; with {@code rows} and {@code columns}, a matrix whose cells are its components, row by row. */
    public record Group(String name, List<Component> components, List<String> rows, List<String> columns) {
        public boolean matrix() {
            return !rows.isEmpty();
        }
    }
}
