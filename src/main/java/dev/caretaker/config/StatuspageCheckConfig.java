package dev.caretaker.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code type: statuspage}: a provider's public status page in Atlassian Statuspage's v2 JSON ({@code summary}, the page
 * at {@code url}), its components (all, or the ones named) judged as the provider reports them.
 */
public record StatuspageCheckConfig(CheckType kind, String name, String description, URI summary, List<String> components,
                                    Duration timeout, ZoneId timezone) implements CheckConfig {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String SUMMARY_PATH = "/api/v2/summary.json";

    /**
     * The summary URL of a status page written as its address ({@code https://status.zoho.com}) or as the summary itself
     * ({@code …/api/v2/summary.json}).
     */
    public static URI summaryOf(URI page) {
        String s = page.toString();
        if (s.endsWith(".json")) {
            return page;
        }
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + SUMMARY_PATH);
    }
}
