package dev.caretaker.web.ui;

/** The login's second step: the system's name, the form token, why the last code failed (or null), and where to go after. */
public record LoginCodeModel(String system, String csrf, String error, String next) {
}
