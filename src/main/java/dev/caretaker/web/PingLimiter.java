package dev.caretaker.web;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per heartbeat: {@code perMinute} pings at once, refilled at {@code perMinute} a minute. A ping it refuses is
 * answered 429 and counted, never stored. Held in memory by each node: N nodes behind a balancer allow up to N times as many.
 */
final class PingLimiter {
    private record Bucket(double tokens, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    PingLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one ping of {@code heartbeat} (its system and check); false when its bucket is empty. */
    boolean take(String heartbeat, int perMinute) {
        Instant now = clock.instant();
        boolean[] taken = {false};
        buckets.compute(heartbeat, (k, b) -> {
            double tokens = perMinute;
            if (b != null) {
                double refill = Math.max(0, java.time.Duration.between(b.at(), now).toNanos()) / 60e9 * perMinute;
                tokens = Math.min(perMinute, b.tokens() + refill);
            }
            if (tokens >= 1) {
                taken[0] = true;
                tokens -= 1;
            }
            return new Bucket(tokens, now);
        });
        return taken[0];
    }

    /** How long until the next ping of a heartbeat with an empty bucket is taken, in whole seconds (at least 1). */
    static long retryAfterSeconds(int perMinute) {
        return Math.max(1, (long) Math.ceil(60.0 / perMinute));
    }
}
