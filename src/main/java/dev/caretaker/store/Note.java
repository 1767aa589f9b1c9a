package dev.caretaker.store;

/**
 * A note people write (an incident's resolve note, a rejection's reason, a checklist tick's note, a maintenance window's
 * reason) as it is stored: control characters but newline and tab dropped, trimmed, and cut to {@link #MAX} characters, so
 * no surface (API, dashboard, CLI) can put an unbounded text in the store, the audit log or a message.
 */
public final class Note {
    /** The longest note kept, in characters; a longer one is cut and ends with an ellipsis. */
    public static final int MAX = 2000;

    private Note() {
    }

    /** The note as kept; null stays null. */
    public static String cut(String note) {
        if (note == null) {
            return null;
        }
        String clean = note.codePoints().filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.codePointCount(0, clean.length()) <= MAX) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, MAX - 1)) + "…";
    }
}
