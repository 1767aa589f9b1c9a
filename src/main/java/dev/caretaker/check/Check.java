package dev.caretaker.check;

/**
 * Looks at one target and says what it found. A check never throws for a sick target: an unreachable
 * database is a critical finding; a bug or a timeout in the check itself makes the result {@code unknown}.
 */
public interface Check {
    String name();

    String type();

    CheckResult run(CheckContext context);
}
