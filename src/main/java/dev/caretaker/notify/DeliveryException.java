package dev.caretaker.notify;

import java.time.Duration;

/**
 * A channel could not deliver a message this time; the outbox will retry — not before {@link #retryAfter()} when the service
 * said how long to wait (a 429's {@code Retry-After}, Telegram's {@code retry_after}).
 */
public final class DeliveryException extends Exception {
    private final transient Duration retryAfter;

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    public DeliveryException(String message) {
        this(message, (Duration) null);
    }

    public DeliveryException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the service asked to wait before the next attempt, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
