package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.SourceType;

/** Makes the check a config describes, by asking the source (for {@code source:}) or the kind that read it. */
public final class Checks {
    private Checks() {
    }

    public static Check create(CheckConfig config) {
        if (config instanceof SourceType.Sourced sourced && sourced.source() instanceof CheckSource source) {
            return source.create(config);
        }
        return CheckKinds.of(config).create(config);
    }
}
