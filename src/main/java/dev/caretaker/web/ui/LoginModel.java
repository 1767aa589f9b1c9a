package dev.caretaker.web.ui;

/** The login page: the system's name, the form token, why the last try failed (or null), and where to go after. */
public record LoginModel(String system, String csrf, String error, String next) {
}
