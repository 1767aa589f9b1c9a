package dev.caretaker.web;

import dev.caretaker.access.TokenBucket;
import dev.caretaker.config.Rate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Status-page sign-ups per client address: a token bucket of {@code status_page.subscriptions.signup_limit} an hour each. Held
 * in memory by each node (N nodes behind a balancer allow up to N times as many); buckets that filled up again are dropped.
 */
final class SignupLimiter {
    private static final int MAX_HELD = 10_000;

    private record Held(int perHour, TokenBucket bucket) {
    }

    private final Clock clock;
    private final Map<String, Held> buckets = new HashMap<>();

    SignupLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Takes one sign-up of {@code client}; returns 0 when taken, else the seconds until the next one is (at least 1). */
    synchronized long take(String client, int perHour) {
        long now = nanos();
        if (buckets.size() > MAX_HELD) {
            buckets.values().removeIf(h -> h.bucket().full(now));
        }
        Held h = buckets.get(client);
        if (h == null || h.perHour() != perHour) {
            h = new Held(perHour, new TokenBucket(new Rate(perHour, Duration.ofHours(1)), now));
            buckets.put(client, h);
        }
        long wait = h.bucket().nanosUntilOne(now);
        if (wait == 0) {
            h.bucket().take();
            return 0;
        }
        return Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
    }

    private long nanos() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
