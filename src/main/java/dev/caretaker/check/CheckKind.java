package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;

/**
 * One kind of check (postgres, http, jobs …): how the config loader reads it and what it measures ({@link CheckType}), and
 * the check it makes. Each kind is one class beside the check it makes, listed in {@link CheckKinds}.
 */
public interface CheckKind extends CheckType {
    /** The check this config describes. */
    Check create(CheckConfig config);
}
