package dev.caretaker.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** URLs as operators write them, with errors that show the form wanted instead of the parser's words. */
final class Urls {
    private Urls() {
    }

    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("(://)[^?#\\s]*@");

    /** The URL as written, its user info (a name and password before the host) masked, for messages. */
    static String shown(String text) {
        return USER_INFO.matcher(text).replaceFirst("$1" + Secrets.MASK + "@");
    }

    /**
     * A base address Caretaker adds paths to ({@code usedFor} says which): no query or fragment, which would end up in
     * the middle of those addresses.
     */
    static URI base(String text, List<String> schemes, String example, String usedFor) {
        URI u = parse(text, schemes, example);
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + shown(text) + "' has a query or fragment (?… or #…); Caretaker adds paths to this "
                    + "address (" + usedFor + "), so write it without them, e.g. " + example);
        }
        return u;
    }

    /** A URL with a host and one of {@code schemes}; {@code example} is shown when it is not one. */
    static URI parse(String text, List<String> schemes, String example) {
        String s = text.trim();
        if (!s.contains("://")) {
            throw new IllegalArgumentException("'" + shown(text) + "' has no scheme; write it as " + example);
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + shown(text) + "' is not a URL (" + e.getReason() + " at character " + (e.getIndex() + 1)
                    + "); write it as " + example);
        }
        if (u.getScheme() == null || !schemes.contains(u.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("'" + shown(text) + "' is a " + u.getScheme() + ": URL; write " + String.join(" or ",
                    schemes.stream().map(x -> x + "://").toList()) + "…, e.g. " + example);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("'" + shown(text) + "' names no host; write it as " + example);
        }
        return u;
    }
}
