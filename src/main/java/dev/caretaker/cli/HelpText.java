package dev.caretaker.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Makes every command's help read whole: a description written as several source lines becomes one paragraph that picocli
 * wraps at word boundaries, and a command without a header gets its first sentence as one, which is what the list of
 * commands shows (picocli shows only the first line of a description there, which cut sentences in the middle).
 */
final class HelpText {
    private HelpText() {
    }

    /** Tidies {@code cl} and every command under it. */
    static void tidy(CommandLine cl) {
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        String[] lines = usage.description();
        if (lines.length > 0) {
            String text = String.join(" ", Arrays.stream(lines).map(String::strip).filter(l -> !l.isEmpty()).toList());
            if (usage.header().length == 0) {
                int end = firstSentenceEnd(text);
                String rest = text.substring(end).strip();
                usage.header(text.substring(0, end).strip());
                usage.description(rest.isEmpty() ? new String[0] : new String[] {rest});
            } else {
                usage.description(text);
            }
        }
        cl.getSubcommands().values().forEach(HelpText::tidy);
    }

    /**
     * Where the first sentence of {@code text} ends: after the first full stop followed by a space that stands outside
     * parentheses and quotes (so "e.g. x" inside brackets or 'a. b' does not end it); the whole text when there is none.
     */
    static int firstSentenceEnd(String text) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            } else if (c == '\'' && (i == 0 || !Character.isLetter(text.charAt(i - 1)) || quoted)) {
                quoted = !quoted;
            } else if (c == '.' && depth == 0 && !quoted && text.charAt(i + 1) == ' ' && !abbreviation(text, i)) {
                return i + 1;
            }
        }
        return text.length();
    }

    private static boolean abbreviation(String text, int dot) {
        String before = text.substring(Math.max(0, dot - 4), dot + 1);
        return before.endsWith("e.g.") || before.endsWith("i.e.") || before.endsWith("etc.") || before.endsWith(" vs.");
    }
}
