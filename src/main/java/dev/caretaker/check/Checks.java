package dev.caretaker.check;

import dev.caretaker.check.http.HttpCheck;
import dev.caretaker.check.integrity.IntegrityCheck;
import dev.caretaker.check.postgres.PostgresCheck;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.HttpCheckConfig;
import dev.caretaker.config.IntegrityCheckConfig;
import dev.caretaker.config.PostgresCheckConfig;

/** Makes the check a config describes. */
public final class Checks {
    private Checks() {
    }

    public static Check create(CheckConfig config) {
        if (config instanceof PostgresCheckConfig p) {
            return new PostgresCheck(p);
        }
        if (config instanceof IntegrityCheckConfig i) {
            return new IntegrityCheck(i);
        }
        if (config instanceof HttpCheckConfig h) {
            return new HttpCheck(h);
        }
        throw new IllegalArgumentException("no check for type " + config.type());
    }
}
