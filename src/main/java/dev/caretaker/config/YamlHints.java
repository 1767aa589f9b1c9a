package dev.caretaker.config;

/** What a YAML parser's complaint usually means in a hand-written config, said in the operator's words. */
final class YamlHints {
    private YamlHints() {
    }

    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$\\{[^}\\s]*}");

    /** The hint for {@code problem}; {@code line} is the text of the line the parser stopped on, {@code column} where (0-based). */
    static String hint(String problem, String context, String line, int column) {
        String p = problem == null ? "" : problem;
        String c = context == null ? "" : context;
        if (c.contains("flow mapping") || c.contains("flow sequence")) {
            java.util.regex.Matcher v = VARIABLE.matcher(line);
            String variable = null;
            while (v.find()) {
                if (variable == null || v.start() <= column) {
                    variable = v.group();
                }
            }
            if (variable != null) {
                return " — inside { } or [ ] YAML reads ${…}'s braces as its own; quote it: \"" + variable + "\"";
            }
        }
        if (p.contains("mapping values are not allowed")) {
            return " — a key on this line is indented differently from the keys around it, or a value contains ': '; "
                    + "line keys up under their parent and quote such values";
        }
        if (p.contains("could not find expected ':'")) {
            return " — a line here is neither 'key: value' nor '- item'; check its indentation and that every key ends with ':'";
        }
        if (p.contains("found character '\\t'") || p.contains("\\t(TAB)")) {
            return " — YAML does not allow tabs for indentation; indent with spaces";
        }
        if (p.contains("expected <block end>")) {
            return " — this line is indented more or less than its neighbours; line it up with the keys of the same level";
        }
        if (p.contains("found undefined alias") || p.contains("found unknown escape")) {
            return " — quote the value with single quotes ('…') to take it as written";
        }
        if (c.contains("while scanning a quoted scalar")) {
            return " — a quote opened here is never closed";
        }
        if (p.contains("found duplicate anchor") || p.contains("Number of aliases")) {
            return " — too many aliases; write the values out";
        }
        return "";
    }
}
