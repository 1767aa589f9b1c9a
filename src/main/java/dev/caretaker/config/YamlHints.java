package dev.caretaker.config;

/** What a YAML parser's complaint usually means in a hand-written config, said in the operator's words. */
final class YamlHints {
    private YamlHints() {
    }

    static String hint(String problem, String context) {
        String p = problem == null ? "" : problem;
        String c = context == null ? "" : context;
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
