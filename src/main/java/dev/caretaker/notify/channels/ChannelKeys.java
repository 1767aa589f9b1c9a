package dev.caretaker.notify.channels;

import dev.caretaker.config.PlainHttp;
import dev.caretaker.config.Section;
import java.net.URI;
import java.util.Optional;

/** How channel kinds read their keys: a required value reported once, and an address a secret travels to. */
final class ChannelKeys {
    private ChannelKeys() {
    }

    /**
     * The value of {@code key}, or null. A missing key is a problem naming its place and what to write; a key that is written
     * but has no value (an unset {@code ${VARIABLE}}) was reported already by the reader, so it is not reported twice.
     */
    static String required(Section s, String key, String type, String what) {
        String v = s.string(key, null);
        if (v == null && !s.has(key)) {
            s.problem(key, "'" + s.keyPath(key) + "' is missing: a channel of type " + type + " needs '" + key + "', " + what);
        }
        return v;
    }

    /**
     * The http(s) URL under {@code key}, or empty; plain http to another machine is a problem, as {@code what} (the token, the
     * webhook URL …) would cross the network in clear text ({@link PlainHttp}, the rule API tokens and backups follow).
     */
    static Optional<URI> secureUrl(Section s, String key, String what) {
        Optional<URI> url = s.httpUrl(key);
        url.ifPresent(u -> PlainHttp.refuse(s, key, u, what));
        return url;
    }
}
