package dev.caretaker.web.ui;

import java.util.List;

/**
 * A page that is one table (runs, audit, outbox, nodes): a heading, a line under it, the columns, the rows (a cell with a
 * link when {@link Cell#href()} is set), an optional button posting to {@code buttonAction}, and the next page's link.
 */
public record TableModel(Chrome chrome, String heading, String intro, List<String> columns, List<List<Cell>> rows, String buttonAction,
                         String buttonLabel, String next) {
    /** One cell: its text, and a link or null. */
    public record Cell(String text, String href) {
        public static Cell of(Object text) {
            return new Cell(text == null ? "" : String.valueOf(text), null);
        }

        public static Cell link(Object text, String href) {
            return new Cell(text == null ? "" : String.valueOf(text), href);
        }
    }
}
