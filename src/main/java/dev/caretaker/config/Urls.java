package dev.caretaker.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** URLs as operators write them, with errors that show the form wanted instead of the parser's words. */
final class Urls {
    private Urls() {
    }

    /** A URL with a host and one of {@code schemes}; {@code example} is shown when it is not one. */
    static URI parse(String text, List<String> schemes, String example) {
        String s = text.trim();
        if (!s.contains("://")) {
            throw new IllegalArgumentException("'" + text + "' has no scheme; write it as " + example);
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL (" + e.getReason() + " at character " + (e.getIndex() + 1)
                    + "); write it as " + example);
        }
        if (u.getScheme() == null || !schemes.contains(u.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("'" + text + "' is a " + u.getScheme() + ": URL; write " + String.join(" or ",
                    schemes.stream().map(x -> x + "://").toList()) + "…, e.g. " + example);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' names no host; write it as " + example);
        }
        return u;
    }
}
