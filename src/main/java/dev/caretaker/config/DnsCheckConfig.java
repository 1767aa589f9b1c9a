package dev.caretaker.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code type: dns} — one question (a name and a record type) to a resolver, the system's or the one named ({@code host} or
 * {@code host:port}), and the conditions its answer must meet.
 */
public record DnsCheckConfig(CheckType kind, String name, String description, String domain, String record, String resolverHost,
                             int resolverPort, Duration timeout, List<DnsCondition> expect) implements CheckConfig {
    public static final List<String> RECORDS = List.of("A", "AAAA", "CNAME", "MX", "TXT", "NS");
    public static final String DEFAULT_RECORD = "A";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Used when no condition names latency. */
    public static final Duration DEFAULT_SLOW = Duration.ofSeconds(2);

    /** Whether the system's resolvers (/etc/resolv.conf) are asked. */
    public boolean systemResolver() {
        return resolverHost == null;
    }
}
