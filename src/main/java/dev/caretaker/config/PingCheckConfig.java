package dev.caretaker.config;

import java.time.Duration;
import java.util.List;

/** {@code type: ping} — ICMP echo to a host: how many of {@code count} echoes come back, and how fast. */
public record PingCheckConfig(CheckType kind, String name, String description, String host, int count, Duration timeout,
                              List<Condition> expect) implements CheckConfig {
    public static final int DEFAULT_COUNT = 3;
    /** The wait for each echo's reply. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Used when no condition names latency: the mean round trip above which the host is slow. */
    public static final Duration DEFAULT_SLOW = Duration.ofMillis(500);
}
