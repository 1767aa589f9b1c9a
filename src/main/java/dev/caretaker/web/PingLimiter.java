package dev.caretaker.web;

import dev.caretaker.config.Rate;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket per heartbeat: {@code perMinute} pings at once, refilled at {@code perMinute} a minute. A ping it refuses is
 * answered 429 and counted, never stored. Held in memory by each node: N nodes behind a balancer allow up to N times as many.
 */
final class PingLimiter {
    private final KeyedLimiter buckets;

    PingLimiter(Clock clock) {
        this.buckets = new KeyedLimiter(clock);
    }

    /** Takes one ping of {@code heartbeat} (its system and check); false when its bucket is empty. */
    boolean take(String heartbeat, int perMinute) {
        return buckets.take(heartbeat, new Rate(perMinute, Duration.ofMinutes(1))) == 0;
    }

    /** How long until the next ping of a heartbeat with an empty bucket is taken, in whole seconds (at least 1). */
    static long retryAfterSeconds(int perMinute) {
        return Math.max(1, (long) Math.ceil(60.0 / perMinute));
    }
}
