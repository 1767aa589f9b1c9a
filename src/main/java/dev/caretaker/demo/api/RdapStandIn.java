package dev.caretaker.demo.api;

import java.io.IOException;
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
 * <li>an unknown domain or path answers 404 (RFC 7480 §5.3) with an error response body (RFC 9083 §6: {@code errorCode},
 * {@code title}, {@code description});</li>
 * <li>a domain marked failing answers 503 with an error response body (RFC 9083 §6), as a registry under maintenance;</li>
 * <li>{@code GET /bootstrap/domain/NAME} redirects (302, RFC 7480 §5.2) to {@code /domain/NAME}, as a bootstrap service such as
 * rdap.org does.</li>
 * </ul>
 * RDAP's domain queries are public: no credential, and RFC 7480 §5.5's 429 for a client over the registry's limit.
 */
public final class RdapStandIn extends ApiStandIn {
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /** On any free port of 127.0.0.1. */
    public RdapStandIn() throws IOException {
        this(0);
    }

    public RdapStandIn(int port) throws IOException {
        super("rdap", port);
        start();
    }

    /** Registers {@code name} (lower case), expiring at {@code expires}; null for a registry that publishes no expiration. */
    public RdapStandIn domain(String name, Instant expires) {
        expiries.put(name, expires == null ? Instant.EPOCH : expires);
        return this;
    }

    /** Answers 503 with an RFC 9083 §6 error body for {@code name}, as a registry under maintenance does. */
    public RdapStandIn failing(String name) {
        failing.add(name);
        return this;
    }

    @Override
    protected boolean authorized(Request r) {
        return true; // RDAP's domain queries are public
    }

    @Override
    protected Reply unauthorized(Request r) {
        return error(401, "Unauthorized", "Authentication is not used here.");
    }

    @Override
    protected Reply rateLimited(Request r) {
        return error(429, "Too Many Requests", "Slow down: too many queries from this address.");
    }

    @Override
    protected Reply notFound(Request r) {
        String name = r.path().startsWith("/domain/") ? r.path().substring("/domain/".length()) : r.path();
        return error(404, "Not Found", "The domain " + name + " is not registered here.");
    }

    @Override
    protected Map<String, String> common(Request r, int status) {
        return Map.of("content-type", "application/rdap+json");
    }

    @Override
    protected Reply answer(Request r) {
        String path = r.path();
        if (path.startsWith("/bootstrap/domain/")) {
            return new Reply(302, Map.of("location", url() + path.substring("/bootstrap".length())), null);
        }
        String name = path.startsWith("/domain/") ? path.substring("/domain/".length()) : "";
        if (failing.contains(name)) {
            return error(503, "Service Unavailable", "The registry database is under maintenance.\", \"Try again after 06:00 UTC.");
        }
        Instant expires = expiries.get(name);
        if (expires == null) {
            return null;
        }
        String expiration = expires.equals(Instant.EPOCH) ? "" : """
                {"eventAction": "expiration", "eventDate": "%s"},""".formatted(expires);
        return new Reply(200, Map.of(), """
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

    /** RFC 9083 §6's error response; {@code description} lines are already JSON-quoted apart from the outer quotes. */
    private static Reply error(int status, String title, String description) {
        return new Reply(status, Map.of(), """
                {"rdapConformance": ["rdap_level_0"], "errorCode": %d, "title": "%s", "description": ["%s"]}"""
                .formatted(status, title, description));
    }
}
