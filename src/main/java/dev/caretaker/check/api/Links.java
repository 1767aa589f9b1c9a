package dev.caretaker.check.api;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Link} header of a paginated answer (RFC 8288, as GitHub's "Using pagination in the REST API" shows it):
 * {@code <https://api.github.com/…&page=2>; rel="next", <…&page=5>; rel="last"}; and as Sentry's "Paginating Results"
 * shows it, where every link carries {@code results="true|false"} and a link marked {@code results="false"} leads to an empty
 * page: it is no page to follow.
 */
public final class Links {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^,;<]+)*)");
    private static final Pattern REL = Pattern.compile("(?i)rel\\s*=\\s*\"?([^\";]+)\"?");
    private static final Pattern NO_RESULTS = Pattern.compile("(?i)(?:^|;)\\s*results\\s*=\\s*\"?false\"?");

    private Links() {
    }

    /** The URL of relation {@code rel} (e.g. {@code next}) in the header, if any and not marked {@code results="false"}. */
    public static Optional<URI> find(String header, String rel) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            if (NO_RESULTS.matcher(m.group(2)).find()) {
                continue;
            }
            Matcher r = REL.matcher(m.group(2));
            while (r.find()) {
                for (String one : r.group(1).trim().split("\\s+")) {
                    if (one.equalsIgnoreCase(rel)) {
                        try {
                            return Optional.of(URI.create(m.group(1).trim()));
                        } catch (IllegalArgumentException e) {
                            return Optional.empty();
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
