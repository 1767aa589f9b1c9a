package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code type: jobs, source: github-actions}: the workflow runs of one or more repositories from GitHub's REST API, each
 * listed workflow (by name or file name) with its cadence and success target as a job of {@code type: jobs} has. No
 * workflows listed: every workflow that ran in the window is judged by its success rate alone.
 */
public record GithubActionsConfig(CheckType kind, SourceType source, String name, String description, ApiSettings api,
                                  List<String> repositories, Map<String, JobsCheckConfig.Job> workflows, String branch, String event,
                                  Duration window, ZoneId timezone) implements SourceType.Sourced {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.github.com");
}
