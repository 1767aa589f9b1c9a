package dev.caretaker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code type: command} — an executable (a Nagios plugin, a script) run with its arguments and no shell unless
 * {@code shell: true}; its exit code, first line and performance data are the result.
 */
public record CommandCheckConfig(CheckType kind, String name, String description, List<String> command, boolean shell, Duration timeout,
                                 Map<String, String> environment, Path workingDir, int maxOutput) implements CheckConfig {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_OUTPUT = 64 * 1024;
    /** What a command gets from Caretaker's own environment besides its {@code environment}: enough to find programs and speak. */
    public static final List<String> PASSED_ENVIRONMENT = List.of("PATH", "LANG", "LC_ALL", "TZ", "HOME");
}
