package dev.caretaker.web;

import dev.caretaker.access.TokenBucket;
import dev.caretaker.config.Rate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per heartbeat: {@code perMinute} pings at once, refilled at {@code perMinute} a minute. A ping it refuses is
 * answered 429 and counted, never stored. Held in memory by each node: N nodes behind a balancer allow up to N times as many.
 */
final class PingLimiter {
    private record Held(int perMinute, TokenBucket bucket) {
    }

    private final Clock clock;
    private final Map<String, Held> buckets = new HashMap<>();

    PingLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one ping of {@code heartbeat} (its system and check); false when its bucket is empty. */
    synchronized boolean take(String heartbeat, int perMinute) {
        long now = nanos();
        Held h = buckets.get(heartbeat);
        if (h == null || h.perMinute() != perMinute) { // new, or its pings_per_minute changed with the config
            h = new Held(perMinute, new TokenBucket(new Rate(perMinute, Duration.ofMinutes(1)), now));
            buckets.put(heartbeat, h);
        }
        return h.bucket().tryTake(now);
    }

    /** The clock's time in nanoseconds (the clock, not System.nanoTime, so a test can move it). */
    private long nanos() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** How long until the next ping of a heartbeat with an empty bucket is taken, in whole seconds (at least 1). */
    static long retryAfterSeconds(int perMinute) {
        return Math.max(1, (long) Math.ceil(60.0 / perMinute));
    }
}
