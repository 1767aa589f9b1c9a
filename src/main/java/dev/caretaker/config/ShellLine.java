package dev.caretaker.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command line for {@code /bin/sh -c} with its {@code ${VAR}}s kept out of the shell's syntax: each becomes a quoted
 * reference to an environment variable of the command ({@code "${CARETAKER_VAR_NAME}"}) that holds the value, so the shell
 * reads the value as one literal word (no command substitution, globbing, splitting or quote breaking), whatever it holds.
 * Where the reference stands decides how it is quoted: {@code "…"} around it outside quotes, nothing more inside double
 * quotes, and inside single quotes it closes them, adds the quoted reference and opens them again.
 *
 * @param line      the command line as the shell gets it
 * @param variables the environment variables its references name, with their values
 */
public record ShellLine(String line, Map<String, String> variables) {
    /** The prefix of the variables that carry the config's values to the shell. */
    public static final String PREFIX = "CARETAKER_VAR_";

    /** How a reference is written where it stands, and the variables given so far. */
    static final class Splicer implements ConfigReader.Splice {
        final Map<String, String> variables = new LinkedHashMap<>();

        @Override
        public String splice(String name, String value, CharSequence before) {
            String variable = PREFIX + name;
            for (int n = 2; variables.containsKey(variable) && !variables.get(variable).equals(value); n++) {
                variable = PREFIX + name + "_" + n; // ${X:-a} and ${X:-b} with X unset: two values
            }
            variables.put(variable, value);
            String reference = "${" + variable + "}";
            return switch (quoting(before)) {
                case NONE -> "\"" + reference + "\"";
                case DOUBLE -> reference;
                case SINGLE -> "'\"" + reference + "\"'";
            };
        }
    }

    /** The quotes a shell is inside at the end of a line's start. */
    enum Quoting { NONE, DOUBLE, SINGLE }

    /**
     * Where the shell stands at the end of {@code text}: outside quotes, inside double or inside single quotes, following
     * backslashes, comments and nested command substitutions ({@code $(…)} and backquotes, each with quotes of its own).
     */
    static Quoting quoting(CharSequence text) {
        Deque<Character> open = new ArrayDeque<>(); // ' " ` ) for what is open; empty: the line itself, unquoted
        boolean wordStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char top = open.isEmpty() ? ' ' : open.peek();
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (top == '\'') {
                if (c == '\'') {
                    open.pop();
                }
                continue;
            }
            if (top == '"') {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    open.pop();
                } else if (c == '$' && next == '(') {
                    open.push(')');
                    i++;
                } else if (c == '`') {
                    open.push('`');
                }
                continue;
            }
            // unquoted: the line, a command substitution or a backquoted command
            if (c == '#' && wordStart) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            wordStart = Character.isWhitespace(c) || c == ';' || c == '&' || c == '|' || c == '(';
            switch (c) {
                case '\\' -> i++;
                case '\'' -> open.push('\'');
                case '"' -> open.push('"');
                case '`' -> {
                    if (top == '`') {
                        open.pop();
                    } else {
                        open.push('`');
                    }
                }
                case '$' -> {
                    if (next == '(') {
                        open.push(')');
                        i++;
                        wordStart = true;
                    }
                }
                case '(' -> {
                    if (top == ')') {
                        open.push(')'); // a subshell or a case pattern inside $(…): its ')' is not the end
                    }
                }
                case ')' -> {
                    if (top == ')') {
                        open.pop();
                    }
                }
                default -> { }
            }
        }
        char top = open.isEmpty() ? ' ' : open.peek();
        return top == '\'' ? Quoting.SINGLE : top == '"' ? Quoting.DOUBLE : Quoting.NONE;
    }
}
