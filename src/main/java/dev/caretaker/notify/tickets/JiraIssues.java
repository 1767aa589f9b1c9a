package dev.caretaker.notify.tickets;

import dev.caretaker.config.TicketsConfig;
import dev.caretaker.notify.DeliveryException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Jira: POST /rest/api/2/issue with basic auth (email and API token); comments; resolving is a comment (workflows differ). */
final class JiraIssues implements TicketProvider {
    private final TicketsConfig c;
    private final JsonApi api;

    JiraIssues(TicketsConfig c) {
        this.c = c;
        String basic = Base64.getEncoder().encodeToString((c.email() + ":" + c.token()).getBytes(StandardCharsets.UTF_8));
        this.api = new JsonApi("Jira", Map.of("Authorization", "Basic " + basic));
    }

    @Override
    public String create(String subject, String description, String priority) throws DeliveryException {
        var answer = api.call("POST", url("/rest/api/2/issue"), Map.of("fields", Map.of("project", Map.of("key", c.project()),
                "summary", subject, "description", description, "issuetype", Map.of("name", "Task"),
                "priority", Map.of("name", priority(priority)))));
        return JsonApi.field(answer, "key", "Jira");
    }

    @Override
    public void comment(String ref, String text) throws DeliveryException {
        api.call("POST", url("/rest/api/2/issue/" + ref + "/comment"), Map.of("body", text));
    }

    @Override
    public void close(String ref, String text) throws DeliveryException {
        comment(ref, text);
    }

    static String priority(String p) {
        return switch (p) {
            case "P0" -> "Highest";
            case "P1" -> "High";
            case "P2" -> "Medium";
            default -> "Low";
        };
    }

    private URI url(String path) {
        return URI.create(c.baseUrl() + path);
    }
}
