package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;

/** Makes the check a config describes, by asking the kind that read it. */
public final class Checks {
    private Checks() {
    }

    public static Check create(CheckConfig config) {
        return CheckKinds.of(config).create(config);
    }
}
