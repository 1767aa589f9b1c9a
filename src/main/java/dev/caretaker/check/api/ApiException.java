package dev.caretaker.check.api;

/** A provider's API could not answer what a check asked: its own words, its status, and what to do, ready for an operator. */
public final class ApiException extends Exception {
    private final int status;

    public ApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the provider answered, or 0 when no answer came (timeout, refused, rate limit waited out). */
    public int status() {
        return status;
    }
}
