package dev.caretaker.web.ui;

/**
 * What every dashboard page shows around its content: its title, the system, who is logged in, the form token, the section
 * the navigation marks, a one-line notice after a form, and the pulse URL the page polls to stay live.
 */
public record Chrome(String title, String system, String user, String role, String csrf, String section, String notice, String pulse) {
}
