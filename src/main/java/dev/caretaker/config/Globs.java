package dev.caretaker.config;

import java.util.regex.Pattern;

/** Globs as actions, inhibitions and maintenance windows write them: {@code *} any run of characters, {@code ?} one. */
public final class Globs {
    private Globs() {
    }

    public static boolean matches(String glob, String value) {
        if (value == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }
}
