package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;

/**
 * {@code type: domain} — a domain's registration expiry, read over RDAP (RFC 9083's domain object, its {@code expiration}
 * event) from {@code base_url}: {@code https://rdap.org} by default, which redirects to the registry's own RDAP service.
 */
public record DomainCheckConfig(CheckType kind, String name, String description, String domain, URI baseUrl, Duration warning,
                                Duration critical, Duration timeout) implements CheckConfig {
    /** A redirecting RDAP service for any TLD with RDAP (it reads IANA's bootstrap registry, RFC 9224, for Caretaker). */
    public static final URI DEFAULT_BASE_URL = URI.create("https://rdap.org");
    public static final Duration DEFAULT_WARNING = Duration.ofDays(30);
    public static final Duration DEFAULT_CRITICAL = Duration.ofDays(7);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The RDAP domain query of RFC 9082 §3.1.3: {@code BASE/domain/NAME}. */
    public URI query() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "domain/" + domain);
    }
}
