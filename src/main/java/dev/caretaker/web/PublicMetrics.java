package dev.caretaker.web;

import java.util.Set;

/** A Prometheus text scrape without the samples of some checks (those whose {@code check} label names one of them). */
final class PublicMetrics {
    private PublicMetrics() {
    }

    static String without(String scrape, Set<String> checks) {
        if (checks.isEmpty()) {
            return scrape;
        }
        StringBuilder out = new StringBuilder(scrape.length());
        for (String line : scrape.split("\n", -1)) {
            if (line.isEmpty() && out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
                continue;
            }
            String check = line.startsWith("#") ? null : label(line, "check");
            if (check == null || !checks.contains(check)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The unescaped value of label {@code name} in a sample line, or null when it has none. */
    static String label(String line, String name) {
        int open = line.indexOf('{');
        int space = line.indexOf(' ');
        if (open < 0 || space >= 0 && space < open) {
            return null;
        }
        int i = open + 1;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return null;
            }
            String key = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char n = line.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else {
                    value.append(c);
                }
            }
            if (key.equals(name)) {
                return value.toString();
            }
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return null;
    }
}
