package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A named set of checks with a schedule ({@code schedule:} cron or {@code every:}) and report options. */
public record SuiteConfig(String name, String description, Optional<String> cron, Optional<Duration> every,
                          List<String> checks, Optional<String> reportFormat, Optional<String> reportOut) {
}
