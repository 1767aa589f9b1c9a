package dev.caretaker.web.ui;

import java.util.List;

/**
 * The public status page: only component names, states, uptime, public incident lines and the posts operators wrote for
 * the public; nothing internal (no author of a post, no check, no finding).
 */
public record StatusModel(String title, String overall, String updated, List<GroupView> groups, List<String> incidents, List<String> maintenance,
                          Posts posts) {
    /** The page's name as a browser tab or a feed reader shows it: the title, with " status" unless it says so already. */
    public String pageTitle() {
        return named(title);
    }

    /** {@code title} with " status" unless it ends in "status" already ("Shop status", not "Shop status status"). */
    public static String named(String title) {
        return title.strip().toLowerCase(java.util.Locale.ROOT).endsWith("status") ? title.strip() : title.strip() + " status";
    }

    /** One day's bar: its date, its class (up, minor, major, none), a tooltip, and the runs it counts. */
    public record Day(String date, String css, String label, long upRuns, long runs) {
    }

    /** A component with its state now, its 90 days, its uptime over them, and whether an open incident post names it. */
    public record ComponentView(String name, String state, List<Day> days, String uptime, boolean posted) {
        public ComponentView(String name, String state, List<Day> days, String uptime) {
            this(name, state, days, uptime, false);
        }
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

    /** One update of a post: its status in words, its text, its time in the config's zone. */
    public record UpdateView(String status, String message, String at) {
    }

    /**
     * A post as the public sees it: its title, the components it names ("" for the whole page), its status in words (and
     * the plain word for the page's class), its window in words for a maintenance, its updates newest first.
     */
    public record PostView(long id, String kind, String title, String components, String status, String statusClass, String window,
                           List<UpdateView> updates) {
    }

    /** A day of the history: its date in words and its posts (none: "No incidents reported"). */
    public record HistoryDay(String date, List<PostView> posts) {
    }

    /** The posts: open incidents, maintenance not completed yet, and the last 90 days by day, newest first. */
    public record Posts(List<PostView> incidents, List<PostView> maintenance, List<HistoryDay> history) {
        public static final Posts NONE = new Posts(List.of(), List.of(), List.of());
    }
}
