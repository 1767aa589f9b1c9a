package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code type: errors, source: sentry}: one Sentry organization's projects (by slug), their error events per hour from
 * Sentry's stats API judged as an error log's are (the last {@code window} against the same-length windows of
 * {@code baseline}), the error rate against the projects' transactions where there are any, and the issues Sentry saw
 * for the first time since the check last looked. {@code environment} narrows the issues (Sentry's event counts have no
 * environment filter).
 */
public record SentryErrorsConfig(CheckType kind, SourceType source, String name, String description, ApiSettings api,
                                 String organization, List<String> projects, String environment, Duration window,
                                 Duration baseline) implements SourceType.Sourced {
    public static final URI DEFAULT_BASE_URL = URI.create("https://sentry.io");
    /** Sentry keeps its event counts 90 days ("Retrieve Event Counts for an Organization (v2)" answers within that). */
    public static final Duration MAX_BASELINE = Duration.ofDays(90);
}
