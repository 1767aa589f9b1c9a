package dev.caretaker.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a user may do; each role may do all that the ones before it may. */
public enum Role {
    /** Reads everything a page or the API shows. */
    VIEWER,
    /** Also acknowledges and resolves incidents, runs suites, sets and ends maintenance windows. */
    OPERATOR,
    /** Also approves and rejects remediation requests (never their own). */
    APPROVER,
    /** Also manages users and tokens. */
    ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }

    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.label().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("no role '" + s + "'; roles: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    }
}
