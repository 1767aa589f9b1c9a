package dev.caretaker.config;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** One ticket per incident of at least {@code minPriority}, filed with a provider's API. */
public record TicketsConfig(String provider, String minPriority, URI baseUrl, String orgId, String departmentId, String contactId,
                            String repo, String project, String email, String token, Map<String, String> headers) {

    public static final List<String> PROVIDERS = List.of("zoho-desk", "github", "jira", "webhook");
    public static final String DEFAULT_MIN_PRIORITY = "P2";
    public static final URI ZOHO_DESK = URI.create("https://desk.zoho.com");
    public static final URI GITHUB = URI.create("https://api.github.com");
    /** The outbox channel ticket messages go through. */
    public static final String CHANNEL = "tickets";

    /** Whether an incident of this priority gets a ticket: P0 is above P1, and so on. */
    public boolean covers(String priority) {
        return priority != null && priority.compareTo(minPriority) <= 0;
    }
}
