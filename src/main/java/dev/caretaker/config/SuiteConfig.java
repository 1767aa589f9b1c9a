package dev.caretaker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A named set of checks with a schedule ({@code schedule:} cron or {@code every:}), a deadline for the whole run
 * ({@code timeout}) and report options.
 */
public record SuiteConfig(String name, String description, Optional<String> cron, Optional<Duration> every, Duration timeout,
                          List<String> checks, Optional<String> reportFormat, Optional<Path> reportOut) {

    /** A run that has not finished after this long is cut off: its unfinished checks become unknown. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
}
