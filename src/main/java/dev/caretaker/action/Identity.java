package dev.caretaker.action;

import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The names people give with {@code --by}, as Caretaker compares them: Unicode NFKC (a no-break space is a space, a
 * full-width letter a letter), runs of spaces made one, trimmed; a name holding a control or invisible character (zero-width
 * space, soft hyphen, bidirectional marks, Hangul fillers) is refused, so "alice" and "alice&lt;NBSP&gt;" or "al\u200Bice" are
 * one person when "approver is not the requester" is judged. Names are also compared by their confusable skeleton (Unicode
 * TR39, through ICU's {@link SpoofChecker}), so "аppr1" with a Cyrillic а, or "apprl", is appr1 too: two people whose names
 * only look alike cannot approve each other's requests.
 */
public final class Identity {
    /** Letters that render as nothing, though Unicode does not class them as format characters. */
    private static final Set<Integer> INVISIBLE = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E);
    /** The longest name accepted. */
    public static final int MAX_LENGTH = 100;
    /** TR39's confusable data; immutable once built, so one serves every thread. */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private Identity() {
    }

    /** The name as recorded; throws with what to do when it holds a character no name should. */
    public static String normalise(String name) {
        if (name == null) {
            throw new IllegalArgumentException("a name is needed (--by NAME)");
        }
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                continue;
            }
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || INVISIBLE.contains(cp)) {
                throw new IllegalArgumentException(String.format("the name '%s' holds an invisible or control character (U+%04X); "
                        + "type the name plainly", name.replaceAll("\\p{C}", "?"), cp));
            }
            out.appendCodePoint(cp);
        }
        String clean = out.toString().strip();
        if (clean.codePointCount(0, clean.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("the name given is longer than " + MAX_LENGTH + " characters; give who you are with --by NAME");
        }
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("the name given is empty; give who you are with --by NAME");
        }
        return clean;
    }

    /** Whether two recorded names are the same person's: equal after normalising and ignoring case, or confusable (TR39). */
    public static boolean same(String a, String b) {
        String x = key(a);
        String y = key(b);
        return x.equals(y) || skeleton(x).equals(skeleton(y));
    }

    /** The TR39 skeleton of a name: what it looks like, with look-alike letters of any script made one. */
    static String skeleton(String name) {
        return SPOOF.getSkeleton(name.toLowerCase(Locale.ROOT)).toLowerCase(Locale.ROOT);
    }

    private static String key(String name) {
        try {
            return normalise(name).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return name; // a name stored before normalising; compared as it is
        }
    }

    /** The operating-system user running this process, recorded beside the name given. */
    public static String osUser() {
        return System.getProperty("user.name", "?");
    }
}
