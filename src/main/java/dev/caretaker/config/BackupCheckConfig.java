package dev.caretaker.config;

import java.nio.file.Path;
import java.time.Duration;

/** {@code type: backup} — the newest dump in a folder: there, fresh, plausibly sized, and (optionally) restorable. */
public record BackupCheckConfig(CheckType kind, String name, String description, Path path, String pattern, Duration maxAge, Long minSize,
                                boolean restoreTest, String restoreInto, Duration restoreTimeout) implements CheckConfig {

    public static final String DEFAULT_PATTERN = "*";
    /** A daily backup with two hours of slack. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);
    public static final Duration DEFAULT_RESTORE_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public String database() {
        return restoreInto;
    }
}
