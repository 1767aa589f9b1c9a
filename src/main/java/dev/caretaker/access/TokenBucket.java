package dev.caretaker.access;

import dev.caretaker.config.Rate;

/**
 * One token bucket of a {@link Rate}: it holds {@code count} tokens and refills {@code count} every {@code period}. Times
 * are nanoseconds of one monotonic source. Not thread-safe: its owner synchronises.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long at;

    public TokenBucket(Rate rate, long now) {
        this.capacity = rate.count();
        this.perNano = rate.count() / (double) rate.period().toNanos();
        this.tokens = capacity;
        this.at = now;
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + Math.max(0, now - at) * perNano);
        at = Math.max(at, now);
    }

    /** Nanoseconds until a token is there: 0 when one is now. */
    public long nanosUntilOne(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Takes a token, which {@link #nanosUntilOne} said is there. */
    public void take() {
        tokens -= 1;
    }

    /** Takes a token if there is one; false when the bucket is empty. */
    public boolean tryTake(long now) {
        if (nanosUntilOne(now) > 0) {
            return false;
        }
        take();
        return true;
    }

    /** Whether it has filled up again (nothing to remember about its owner). */
    public boolean full(long now) {
        refill(now);
        return tokens >= capacity;
    }
}
