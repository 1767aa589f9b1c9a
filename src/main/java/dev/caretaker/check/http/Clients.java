package dev.caretaker.check.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP clients of the checks: one per connect timeout and trust (CA file as it is now, or {@code insecure}), shared by
 * every check with those settings. A client per probe would leave its selector and worker threads behind until the
 * collector found it: ten thousand checks a minute made well over a thousand threads. Shared clients keep connections
 * alive, so a probe on an open connection measures no connect or TLS handshake; a connection the service closed is replaced
 * and the request sent again on a new one, so an outage is still seen on the first probe; a client serves for {@link
 * #LIFETIME}, then the next probe opens new connections. Redirects are never followed by
 * the client (the check follows them itself, keeping secrets with their origin).
 */
final class Clients {
    private record Key(Duration connectTimeout, Path caFile, long caModified, long caSize, boolean insecure, long generation) {
    }

    /**
     * How long one client serves: its connections (and the certificates they were opened with) end with it, so a renewed
     * certificate is measured within this time even on a connection the service keeps open.
     */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** At most this many clients are kept; the least recently used goes first. */
    private static final int MAX = 32;
    private static final Map<Key, HttpClient> CLIENTS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, HttpClient> eldest) {
            return size() > MAX;
        }
    };

    private Clients() {
    }

    static HttpClient of(Duration connectTimeout, Path caFile, boolean insecure) throws IOException, GeneralSecurityException {
        Key key = new Key(connectTimeout, caFile, caFile == null ? 0 : Files.getLastModifiedTime(caFile).toMillis(),
                caFile == null ? 0 : Files.size(caFile), insecure, System.currentTimeMillis() / LIFETIME.toMillis());
        synchronized (CLIENTS) {
            HttpClient client = CLIENTS.get(key);
            if (client == null) {
                client = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER) // followed by hand: secrets stay with their origin
                        .sslContext(TrustSettings.context(caFile, insecure))
                        .build();
                CLIENTS.put(key, client);
            }
            return client;
        }
    }
}
