package dev.caretaker.check;

/**
 * Looks at one target and says what it found. A check never throws for a sick target: an unreachable
 * database is a critical finding; a bug or a timeout in the check itself makes the result {@code unknown}.
 */
public interface Check {
    String name();

    String type();

    CheckResult run(CheckContext context);

    /**
     * What {@code validate --connect} can tell without running the check: the tables and columns it names exist, the user may
     * read them, the folder is there. Nothing is changed and no request is sent.
     */
    default java.util.List<Readiness> preflight(CheckContext context) {
        return java.util.List.of(Readiness.ok(name(), "nothing to verify before it runs"));
    }
}
