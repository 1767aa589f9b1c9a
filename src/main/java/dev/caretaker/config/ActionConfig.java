package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A remediation: what it does (its {@code type}, and the settings that type reads), when ({@code when} a finding code or
 * rule name, optionally for subjects matching {@code subject}; or on a {@code schedule}/{@code every}), whether it may run
 * by itself ({@code policy}), and its guardrails.
 */
public record ActionConfig(String name, ActionType type, Policy policy, String description,
                           Optional<String> when, Optional<String> subject, Optional<String> cron, Optional<Duration> every,
                           String database, ActionSettings settings, Guardrails guardrails, List<String> notifyChannels) {

    public static final long DEFAULT_MAX_ROWS = 1_000;
    public static final int DEFAULT_MAX_RUNS_PER_HOUR = 4;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_EXPIRES = Duration.ofHours(24);
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** What keeps an action from doing harm: dry run, row cap, rate, verification and retries, approval expiry. */
    public record Guardrails(boolean dryRun, long maxRows, int maxRunsPerHour, int maxAttempts, boolean verify, Duration expires) {
    }

    public boolean scheduled() {
        return cron.isPresent() || every.isPresent();
    }

    /** The name of the action's kind, as written in {@code type:}. */
    public String typeName() {
        return type.name();
    }

    /** The subject pattern's glob ({@code *}, {@code ?}) matches {@code value}; no pattern matches everything. */
    public boolean subjectMatches(String value) {
        return subject.isEmpty() || value != null && Globs.matches(subject.get(), value);
    }
}
