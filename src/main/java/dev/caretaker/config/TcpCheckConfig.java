package dev.caretaker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code type: tcp} — a port that must accept a connection: optionally TLS (its certificate's expiry judged), optionally a
 * first line ({@code banner}) the server must send, and conditions on connect time and certificate expiry.
 */
public record TcpCheckConfig(CheckType kind, String name, String description, String host, int port, boolean tls, Duration timeout,
                             Path caFile, boolean insecure, List<Condition> expect, Pattern banner) implements CheckConfig {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Used when no condition names latency: as http's. */
    public static final Duration DEFAULT_SLOW = HttpCheckConfig.DEFAULT_SLOW;
}
