package dev.caretaker.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an API token may do, as the role it stands for: {@code read} (a viewer's routes), {@code operate} (an operator's),
 * {@code approve} (an approver's), {@code admin}. A token acts with the lesser of its scope and its user's role of the
 * moment, so a scope only ever narrows; a token never manages users, whatever its scope (users are managed from the
 * command line, with the store's credentials).
 */
public enum TokenScope {
    READ(Role.VIEWER),
    OPERATE(Role.OPERATOR),
    APPROVE(Role.APPROVER),
    ADMIN(Role.ADMIN);

    private final Role role;

    TokenScope(Role role) {
        this.role = role;
    }

    public Role role() {
        return role;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a token of this scope acts with for a user whose role is {@code user}: the lesser of the two. */
    public Role narrow(Role user) {
        return user.atLeast(role) ? role : user;
    }

    /** The widest scope a user of role {@code role} may give a token. */
    public static TokenScope widest(Role role) {
        for (TokenScope s : values()) {
            if (s.role == role) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scope for role " + role);
    }

    public static TokenScope parse(String s) {
        String wanted = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (TokenScope t : values()) {
            if (t.label().equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no token scope '" + s + "'; scopes: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(TokenScope::label).collect(Collectors.joining(", "));
    }
}
