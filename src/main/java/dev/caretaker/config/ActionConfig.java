package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A remediation: what it does ({@code type} and that type's settings), when ({@code when} a finding code or rule
 * name, optionally for subjects matching {@code subject}; or on a {@code schedule}/{@code every}), whether it may run
 * by itself ({@code policy}), and its guardrails.
 */
public record ActionConfig(String name, String type, String policy, String description,
                           Optional<String> when, Optional<String> subject, Optional<String> cron, Optional<Duration> every,
                           String database, String sql, Http http, Integration integration, Retention retention,
                           Duration longerThan, Guardrails guardrails, List<String> notifyChannels) {

    public static final String AUTO = "auto";
    public static final String APPROVAL = "approval";
    public static final String FORBIDDEN = "forbidden";
    public static final List<String> POLICIES = List.of(AUTO, APPROVAL, FORBIDDEN);
    public static final String DEFAULT_POLICY = APPROVAL;
    public static final List<String> TYPES = List.of("sql", "http", "mark_integration", "vacuum", "reindex", "cancel", "terminate",
            "retention");
    /** The types an {@code auto} policy may have (sql only for a single INSERT, UPDATE or DELETE). */
    public static final List<String> AUTO_TYPES = List.of("sql", "http", "mark_integration", "vacuum", "retention");
    public static final long DEFAULT_MAX_ROWS = 1_000;
    public static final long DEFAULT_RETENTION_MAX_ROWS = 1_000_000;
    public static final int DEFAULT_MAX_RUNS_PER_HOUR = 4;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_EXPIRES = Duration.ofHours(24);
    public static final Duration DEFAULT_LONGER_THAN = Duration.ofMinutes(10);
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** {@code type: http}: a request to the app, e.g. to restart a job. */
    public record Http(String url, String method, Map<String, String> headers, String body, int expectStatus, Duration timeout) {
        public static final String DEFAULT_METHOD = "POST";
        public static final int DEFAULT_EXPECT_STATUS = 200;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    }

    /** {@code type: mark_integration}: the status column of an integrations table set for the subject. */
    public record Integration(String table, String nameColumn, String statusColumn, String status) {
        public static final String DEFAULT_TABLE = "integrations";
        public static final String DEFAULT_NAME_COLUMN = "name";
        public static final String DEFAULT_STATUS_COLUMN = "status";
        public static final String DEFAULT_STATUS = "ERROR";
    }

    /** {@code type: retention}: rows older than {@code olderThan} deleted (after copying them to {@code archiveTo}) in batches. */
    public record Retention(String table, String timeColumn, Duration olderThan, Optional<String> archiveTo, int batchSize) {
    }

    /** What keeps an action from doing harm: dry run, row cap, rate, verification and retries, approval expiry. */
    public record Guardrails(boolean dryRun, long maxRows, int maxRunsPerHour, int maxAttempts, boolean verify, Duration expires) {
    }

    public boolean scheduled() {
        return cron.isPresent() || every.isPresent();
    }

    /** The subject pattern's glob ({@code *}, {@code ?}) matches {@code value}; no pattern matches everything. */
    public boolean subjectMatches(String value) {
        if (subject.isEmpty()) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : subject.get().toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return value != null && value.matches(regex.toString());
    }
}
