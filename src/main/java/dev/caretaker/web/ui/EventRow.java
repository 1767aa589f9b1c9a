package dev.caretaker.web.ui;

/** One event of an incident's timeline. */
public record EventRow(String at, String kind, String actor, String detail) {
}
