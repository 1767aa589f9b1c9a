package dev.caretaker.action;

/** An action that did not do its work; {@code retryable} is false when trying again cannot help (e.g. max_rows). */
public final class ActionFailure extends RuntimeException {
    private final boolean retryable;

    public ActionFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
