package dev.caretaker.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * A channel could not deliver a message this time; the outbox will retry. A service that said how long to wait (a 429 with
 * {@code Retry-After}, or Discord's {@code retry_after}) gives {@link #retryAfter()}: the outbox waits at least that long.
 */
public final class DeliveryException extends Exception {
    private final Duration retryAfter;

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    public DeliveryException(String message) {
        this(message, (Duration) null);
    }

    /** A refusal after which the service asked to wait {@code retryAfter} (null: it did not say). */
    public DeliveryException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the service asked to wait before the next attempt, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
