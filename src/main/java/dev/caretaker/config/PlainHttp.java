package dev.caretaker.config;

import java.net.URI;
import java.util.Locale;

/**
 * The one rule for a secret sent over HTTP (an API token, a signed request, a webhook URL that is itself the credential):
 * https, or plain http only to this machine (127.0.0.1, ::1, localhost), where it does not cross the network.
 */
public final class PlainHttp {
    private PlainHttp() {
    }

    /** Whether the host is this machine by its name or address (no lookup): plain http to it does not cross the network. */
    public static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]") || h.equals("::1");
    }

    /**
     * Records a problem at {@code key} when {@code url} is plain http to another machine: {@code what} (the token, the webhook
     * URL …) would cross the network in clear text. Returns whether the URL is refused.
     */
    public static boolean refuse(Section s, String key, URI url, String what) {
        return refuse(s, key, url, what, "");
    }

    /** As {@link #refuse(Section, String, URI, String)}, with {@code local} after "127.0.0.1/localhost" (" (an emulator)"). */
    public static boolean refuse(Section s, String key, URI url, String what, String local) {
        if (url == null || !"http".equalsIgnoreCase(url.getScheme()) || loopback(url.getHost())) {
            return false;
        }
        s.problem(key, "'" + s.keyPath(key) + "' is plain http to " + url.getHost() + ": " + what + " would cross the network in clear text; "
                + "use https, or http only to 127.0.0.1/localhost" + local);
        return true;
    }
}
