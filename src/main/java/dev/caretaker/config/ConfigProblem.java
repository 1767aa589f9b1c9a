package dev.caretaker.config;

/** One thing wrong with a config file, at the place it is wrong. Printed as {@code FILE:LINE:COL: message}. */
public record ConfigProblem(String file, int line, int column, String message) implements Comparable<ConfigProblem> {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        int c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }
}
