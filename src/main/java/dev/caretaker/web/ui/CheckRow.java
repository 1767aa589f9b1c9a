package dev.caretaker.web.ui;

/** One check on the overview: its latest status and when it last ran and runs next. */
public record CheckRow(String name, String type, String status, String lastRun, String nextRun) {
}
