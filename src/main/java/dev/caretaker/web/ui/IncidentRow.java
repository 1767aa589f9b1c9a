package dev.caretaker.web.ui;

/** One incident in a list or at the top of its page. */
public record IncidentRow(long id, String priority, String state, String title, String check, String opened, boolean muted) {
}
