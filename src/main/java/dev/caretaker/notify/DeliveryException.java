package dev.caretaker.notify;

/** A channel could not deliver a message this time; the outbox will retry. */
public final class DeliveryException extends Exception {
    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }

    public DeliveryException(String message) {
        super(message);
    }
}
