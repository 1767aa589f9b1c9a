package dev.caretaker.notify.channels;

/**
 * Text from app data or program output (an incident's title, a subject, a detail) made literal for a service that formats
 * what it is sent, so a title can neither become a link nor bold a message; our own marks (the bold heading we add) go around
 * the escaped text and still work.
 */
final class Markup {
    /** The characters that start inline Markdown anywhere in a line: emphasis, code, autolinks, spoilers, tables. */
    private static final String INLINE = "\\`*~<|";

    private Markup() {
    }

    /**
     * {@code text} for Markdown with backslash escapes (CommonMark "Backslash escapes"): Adaptive Cards' TextBlock (a CommonMark
     * subset: bold, italic, lists, links), Discord (its markdown; a backslash before a mark shows the mark), Mattermost and
     * Rocket.Chat. Every inline mark is escaped; a line's leading {@code #}, {@code >}, {@code -}, {@code +} or {@code 1.} too
     * (headings, quotes, lists, Discord's {@code -#} subtext). So that the usual text reads without backslashes where a client
     * shows them, two marks are escaped only where they can act: {@code _} not between letters or digits (no emphasis there),
     * and {@code [} when a {@code ](} or {@code ][} follows in the text (a link) or it starts a line (a link definition).
     */
    static String markdown(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (lineStart) {
                int digits = k;
                while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
                    digits++;
                }
                if (digits > k && digits < text.length() && (text.charAt(digits) == '.' || text.charAt(digits) == ')')) {
                    out.append(text, k, digits).append('\\').append(text.charAt(digits));
                    k = digits;
                    lineStart = false;
                    continue;
                }
                if ("#>-+".indexOf(ch) >= 0) {
                    out.append('\\').append(ch);
                    lineStart = false;
                    continue;
                }
            }
            if (INLINE.indexOf(ch) >= 0 || ch == '_' && !intraword(text, k) || ch == '[' && (lineStart || linkAhead(text, k))) {
                out.append('\\');
            }
            out.append(ch);
            lineStart = ch == '\n' || (lineStart && ch == ' ');
        }
        return out.toString();
    }

    private static boolean intraword(String text, int k) {
        return k > 0 && k + 1 < text.length() && Character.isLetterOrDigit(text.charAt(k - 1)) && Character.isLetterOrDigit(text.charAt(k + 1));
    }

    private static boolean linkAhead(String text, int k) {
        return text.indexOf("](", k) >= 0 || text.indexOf("][", k) >= 0;
    }

    /** {@code text} for Slack's mrkdwn: {@code &}, {@code <} and {@code >} as entities, which is all Slack's "Escaping text" asks. */
    static String slack(String text) {
        return text == null ? null : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code text} for Google Chat's card HTML subset: {@code &}, {@code <} and {@code >} as entities. */
    static String html(String text) {
        return slack(text);
    }
}
