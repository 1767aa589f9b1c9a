package dev.caretaker.web.ui;

/**
 * The login page: the system's name, the form token, why the last try failed (or null), and where to go after; the single
 * sign-on button's text and link (null when {@code auth.oidc} is not set), and whether the password form is offered
 * ({@code auth.local_login}).
 */
public record LoginModel(String system, String csrf, String error, String next, String ssoLabel, String ssoHref, boolean localLogin) {
    public LoginModel(String system, String csrf, String error, String next) {
        this(system, csrf, error, next, null, null, true);
    }
}
