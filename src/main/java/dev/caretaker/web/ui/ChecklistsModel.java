package dev.caretaker.web.ui;

import java.util.List;

/** Today's checklists item by item, with tick forms for operators, and the recent instances of every checklist. */
public record ChecklistsModel(Chrome chrome, List<Current> current, List<Past> history, boolean canTick) {
    /** A checklist's current instance. */
    public record Current(String name, String description, String occurrence, String due, String state, List<Item> items) {
    }

    /** One item: done or not, by whom, its note, its check's state while open, its runbook. */
    public record Item(int position, String title, boolean done, String by, String note, String waiting, String runbook, boolean runbookLink) {
    }

    /** A past instance. */
    public record Past(String name, String occurrence, String state, String done, String completed) {
    }
}
