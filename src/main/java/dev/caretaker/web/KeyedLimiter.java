package dev.caretaker.web;

import dev.caretaker.access.TokenBucket;
import dev.caretaker.config.Rate;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per key (a heartbeat, a client address), each at the rate it is asked with; a bucket whose rate changed with
 * the config starts again full. Held in memory by each node: N nodes behind a balancer allow up to N times as many. Once more
 * than {@link #MAX_HELD} keys are held, buckets that filled up again are dropped (they would start full anyway).
 */
final class KeyedLimiter {
    private static final int MAX_HELD = 10_000;

    private record Held(Rate rate, TokenBucket bucket) {
    }

    private final Clock clock;
    private final Map<String, Held> buckets = new HashMap<>();

    KeyedLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one for {@code key} at {@code rate}; returns 0 when taken, else the whole seconds until one is (at least 1). */
    synchronized long take(String key, Rate rate) {
        long now = nanos();
        if (buckets.size() > MAX_HELD) {
            buckets.values().removeIf(h -> h.bucket().full(now));
        }
        Held h = buckets.get(key);
        if (h == null || !h.rate().equals(rate)) {
            h = new Held(rate, new TokenBucket(rate, now));
            buckets.put(key, h);
        }
        long wait = h.bucket().nanosUntilOne(now);
        if (wait == 0) {
            h.bucket().take();
            return 0;
        }
        return Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
    }

    /** The clock's time in nanoseconds (the clock, not System.nanoTime, so a test can move it). */
    private long nanos() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
