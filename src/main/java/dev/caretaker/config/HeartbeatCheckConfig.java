package dev.caretaker.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * {@code type: heartbeat} — a job that tells Caretaker it ran ({@code /ping/TOKEN}), as Healthchecks does: it is expected
 * every {@code every} or at each {@code cron} fire, with {@code grace} to spare. {@code token} is the configured secret of its
 * ping URL; without one, Caretaker makes one and keeps it in its store.
 */
public record HeartbeatCheckConfig(CheckType kind, String name, String description, Optional<Duration> every, Optional<String> cron,
                                   ZoneId zone, Duration grace, Optional<String> token, int pingsPerMinute) implements CheckConfig {
    /** Healthchecks' default grace. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    /** A ping's body kept as the run's log, at most (bytes, cut at a character boundary). */
    public static final int MAX_BODY = 10 * 1024;
    /**
     * Pings a token may send in a minute (and in one burst) before more are answered 429 and not stored: a job pinging start
     * and end every minute uses 2; a token holder flooding the store is held to this.
     */
    public static final int DEFAULT_PINGS_PER_MINUTE = 20;
}
