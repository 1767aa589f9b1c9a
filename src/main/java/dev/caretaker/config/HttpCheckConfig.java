package dev.caretaker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code type: http} — one request to a service and the conditions its answer must meet. */
public record HttpCheckConfig(CheckType kind, String name, String description, URI url, String method, Map<String, String> headers,
                              String body, Duration timeout, Path caFile, boolean insecure, List<Condition> expect, int maxRedirects,
                              int retries, Duration retryInterval)
        implements CheckConfig {

    /** A failed probe is tried again this many times before its findings count (Uptime Kuma's and Gatus' retries). */
    public static final int DEFAULT_RETRIES = 0;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(5);

    /** Redirects followed before the answer counts as unexpected; 0 judges the redirect itself. */
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_METHOD = "GET";
    /** Used when no condition names latency: 001's "slow response times (> 2 seconds)". */
    public static final Duration DEFAULT_SLOW = Duration.ofSeconds(2);
    /** Used when no condition names cert_expiry. */
    public static final Duration DEFAULT_CERT_WARNING = Duration.ofDays(14);
    public static final Duration DEFAULT_CERT_CRITICAL = Duration.ofDays(3);
}
