package dev.caretaker.check;

/** How bad one finding is. Info findings are worth reading but do not change a check's status. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public Status status() {
        return switch (this) {
            case INFO -> Status.OK;
            case WARNING -> Status.WARNING;
            case CRITICAL -> Status.CRITICAL;
        };
    }

    public String label() {
        return name().toLowerCase();
    }
}
