package dev.caretaker.check;

/** The outcome of a check or a run, ordered from best to worst; the ordinal is the Nagios exit code. */
public enum Status {
    OK, WARNING, CRITICAL, UNKNOWN;

    /** The status a finding of this severity gives its check: info changes nothing. */
    public static Status of(dev.caretaker.config.Severity severity) {
        return switch (severity) {
            case INFO -> OK;
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
        };
    }

    public int exitCode() {
        return ordinal();
    }

    /** Severity order for "worst first": critical beats unknown beats warning beats ok. */
    public int rank() {
        return switch (this) {
            case OK -> 0;
            case WARNING -> 1;
            case UNKNOWN -> 2;
            case CRITICAL -> 3;
        };
    }

    public Status worse(Status other) {
        return other.rank() > rank() ? other : this;
    }

    public String label() {
        return name().toLowerCase();
    }
}
