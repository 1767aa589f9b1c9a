package dev.caretaker.action;

/**
 * An action that did not do its work; {@code retryable} is false when trying again cannot help (e.g. max_rows). A refusal
 * ({@link #refused}) is Caretaker declining to run it at all, e.g. because the statement reaches a protected table.
 */
public final class ActionFailure extends RuntimeException {
    private final boolean retryable;
    private final boolean refusal;

    public ActionFailure(String message, boolean retryable) {
        this(message, retryable, false);
    }

    private ActionFailure(String message, boolean retryable, boolean refusal) {
        super(message);
        this.retryable = retryable;
        this.refusal = refusal;
    }

    /** Caretaker will not run it unattended, for the reason given; never retried. */
    public static ActionFailure refused(String why) {
        return new ActionFailure(why, false, true);
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean refusal() {
        return refusal;
    }
}
