package dev.caretaker.check.network;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An RDAP service as RFC 7480, RFC 9082 and RFC 9083 describe it, on 127.0.0.1:
 * <ul>
 * <li>{@code GET /domain/NAME} (RFC 9082 §3.1.3) of a known domain answers 200 with {@code Content-Type: application/rdap+json}
 * (RFC 7480 §4.2) and a domain object (RFC 9083 §5.3: {@code objectClassName} "domain", {@code ldhName}, {@code status},
 * {@code rdapConformance} §4.1, {@code events} §4.5 with {@code registration}, {@code expiration} and
 * {@code last update of RDAP database}, dates in RFC 3339 form);</li>
 * <li>an unknown domain answers 404 (RFC 7480 §5.3) with an error response body (RFC 9083 §6: {@code errorCode}, {@code title},
 * {@code description});</li>
 * <li>a domain marked failing answers 503 with an error response body (RFC 9083 §6), as a registry under maintenance;</li>
 * <li>{@code GET /bootstrap/domain/NAME} redirects (302, RFC 7480 §5.2) to {@code /domain/NAME}, as a bootstrap service such as
 * rdap.org does.</li>
 * </ul>
 */
final class RdapStandIn implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    RdapStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Registers {@code name} (lower case), expiring at {@code expires}; null for a registry that publishes no expiration. */
    RdapStandIn domain(String name, Instant expires) {
        expiries.put(name, expires == null ? Instant.EPOCH : expires);
        return this;
    }

    /** Answers 503 with an RFC 9083 §6 error body for {@code name}, as a registry under maintenance does. */
    RdapStandIn failing(String name) {
        failing.add(name);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (path.startsWith("/bootstrap/domain/")) {
            x.getResponseHeaders().add("Location", url() + path.substring("/bootstrap".length()));
            x.sendResponseHeaders(302, -1);
            x.close();
            return;
        }
        String name = path.startsWith("/domain/") ? path.substring("/domain/".length()) : "";
        if (failing.contains(name)) {
            send(x, 503, """
                    {"rdapConformance": ["rdap_level_0"], "errorCode": 503, "title": "Service Unavailable",
                     "description": ["The registry database is under maintenance.", "Try again after 06:00 UTC."]}""");
            return;
        }
        Instant expires = expiries.get(name);
        if (expires == null) {
            send(x, 404, """
                    {"rdapConformance": ["rdap_level_0"], "errorCode": 404, "title": "Not Found",
                     "description": ["The domain %s is not registered here."]}""".formatted(name));
            return;
        }
        String expiration = expires.equals(Instant.EPOCH) ? "" : """
                {"eventAction": "expiration", "eventDate": "%s"},""".formatted(expires);
        send(x, 200, """
                {
                  "rdapConformance": ["rdap_level_0"],
                  "objectClassName": "domain",
                  "handle": "2336799_DOMAIN_COM-VRSN",
                  "ldhName": "%s",
                  "status": ["client transfer prohibited"],
                  "events": [
                    {"eventAction": "registration", "eventDate": "1995-08-14T04:00:00Z"},
                    %s
                    {"eventAction": "last update of RDAP database", "eventDate": "%s"}
                  ],
                  "nameservers": [{"objectClassName": "nameserver", "ldhName": "a.iana-servers.net"}]
                }""".formatted(name.toUpperCase(), expiration, Instant.now()));
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/rdap+json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
