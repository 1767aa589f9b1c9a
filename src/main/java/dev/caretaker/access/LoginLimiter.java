package dev.caretaker.access;

import dev.caretaker.config.Rate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Token buckets for login attempts, kept in a node's memory: one per client address and one for all of them; an attempt
 * needs a token from both, so one client cannot use up the logins of others and many clients together cannot pass the
 * overall rate. Checked before anything touches the store or hashes a password.
 */
public final class LoginLimiter {
    /** Addresses tracked at most; beyond, buckets that filled up again are dropped, and new addresses share one. */
    public static final int MAX_CLIENTS = 10_000;

    private final Rate perClient;
    private final Rate overall;
    private final LongSupplier nanos;
    private final Map<String, TokenBucket> clients = new HashMap<>();
    private final TokenBucket all;
    private final TokenBucket crowd;

    public LoginLimiter(Rate perClient, Rate overall) {
        this(perClient, overall, System::nanoTime);
    }

    LoginLimiter(Rate perClient, Rate overall, LongSupplier nanos) {
        this.perClient = perClient;
        this.overall = overall;
        this.nanos = nanos;
        long now = nanos.getAsLong();
        this.all = new TokenBucket(overall, now);
        this.crowd = new TokenBucket(perClient, now);
    }

    public Rate perClient() {
        return perClient;
    }

    public Rate overall() {
        return overall;
    }

    /** Takes a token for an attempt from {@code address}: empty when it may go on, else how long until it may. */
    public synchronized Optional<Duration> take(String address) {
        long now = nanos.getAsLong();
        TokenBucket mine = bucket(address, now);
        long wait = Math.max(mine.nanosUntilOne(now), all.nanosUntilOne(now));
        if (wait > 0) {
            return Optional.of(Duration.ofNanos(wait));
        }
        mine.take();
        all.take();
        return Optional.empty();
    }

    private TokenBucket bucket(String address, long now) {
        TokenBucket b = clients.get(address);
        if (b != null) {
            return b;
        }
        if (clients.size() >= MAX_CLIENTS) {
            for (Iterator<TokenBucket> i = clients.values().iterator(); i.hasNext(); ) {
                if (i.next().full(now)) {
                    i.remove();
                }
            }
            if (clients.size() >= MAX_CLIENTS) {
                return crowd;
            }
        }
        b = new TokenBucket(perClient, now);
        clients.put(address, b);
        return b;
    }
}
