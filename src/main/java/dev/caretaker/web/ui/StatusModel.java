package dev.caretaker.web.ui;

import java.util.List;

/** The public status page: only component names, states, uptime and public incident lines; nothing internal. */
public record StatusModel(String title, String overall, String updated, List<GroupView> groups, List<String> incidents, List<String> maintenance) {
    /** One day's bar: its date, its class (up, minor, major, none), a tooltip, and the runs it counts. */
    public record Day(String date, String css, String label, long upRuns, long runs) {
    }

    /** A component with its state now, its 90 days, and its uptime over them. */
    public record ComponentView(String name, String state, List<Day> days, String uptime) {
    }

    /** A group: a list of components, or a matrix (rows of cells under column names). */
    public record GroupView(String name, List<ComponentView> components, List<String> columns, List<RowView> rows) {
        public boolean matrix() {
            return !columns.isEmpty();
        }
    }

    /** A matrix row: its name and one cell per column. */
    public record RowView(String name, List<ComponentView> cells) {
    }
}
