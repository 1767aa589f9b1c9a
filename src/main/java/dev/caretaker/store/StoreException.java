package dev.caretaker.store;

/** Caretaker's own store cannot be used; the message says why and what to do. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
