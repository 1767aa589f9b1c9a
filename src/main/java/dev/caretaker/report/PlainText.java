package dev.caretaker.report;

/**
 * Text from the monitored app (a login IP, a job error, a database message) as it may reach a terminal: control characters,
 * escape sequences and bidirectional overrides become visible escapes, so they cannot move the cursor, recolour the screen or
 * reorder what the operator reads; one-line fields lose their line breaks.
 */
public final class PlainText {
    private PlainText() {
    }

    /** Keeps line breaks and tabs; shows every other control character as an escape ({@code \e}, {@code \x07}, {@code \u202e}). */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = c == '\n' || c == '\t' ? null : c == '\r' ? "" : escape(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                out.append(replacement == null ? String.valueOf(c) : replacement);
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@link #clean}, on one line: line breaks become {@code ⏎ }, tabs a space. */
    public static String oneLine(String s) {
        return clean(s).replace("\n", " ⏎ ").replace('\t', ' ');
    }

    /** {@link #clean}, with continuation lines indented by {@code indent}, so a multi-line message keeps the layout. */
    public static String indented(String s, String indent) {
        return clean(s).replace("\n", "\n" + indent);
    }

    private static String escape(char c) {
        if (c == 0x1b) {
            return "\\e";
        }
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f) {
            return String.format("\\x%02x", (int) c);
        }
        if (c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
