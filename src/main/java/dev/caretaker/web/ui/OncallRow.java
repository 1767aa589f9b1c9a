package dev.caretaker.web.ui;

/** One on-call schedule on the overview: who is on call now (or nobody), whether by an override, until when, who is next. */
public record OncallRow(String schedule, String who, boolean override, String until, String next) {
}
