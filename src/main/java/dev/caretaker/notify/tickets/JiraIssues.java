package dev.caretaker.notify.tickets;

import dev.caretaker.config.Section;
import dev.caretaker.config.TicketSettings;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** {@code provider: jira}: POST /rest/api/2/issue with basic auth (email and API token); comments; resolving is a comment (workflows differ). */
public final class JiraIssues implements TicketProvider {
    private static final TicketApi API = new TicketApi("Jira");

    /** The site, the project key, and the account (email and API token, a secret). */
    public record Settings(URI baseUrl, String project, String email, String token) implements TicketSettings {
    }

    @Override
    public String name() {
        return "jira";
    }

    @Override
    public List<String> keys() {
        return List.of("base_url", "project", "email", "token");
    }

    @Override
    public TicketSettings read(Section s) {
        TicketApi.require(s, name(), "base_url", "project", "email", "token");
        String token = s.string("token", null);
        s.secret(token);
        return new Settings(TicketApi.base(s, "base_url", null), s.string("project", null), s.string("email", null), token);
    }

    private static JsonSender.Headers headers(Settings c) {
        String basic = Base64.getEncoder().encodeToString((c.email() + ":" + c.token()).getBytes(StandardCharsets.UTF_8));
        return JsonSender.Headers.secret(Map.of("Authorization", "Basic " + basic));
    }

    @Override
    public String create(TicketSettings s, String subject, String description, String priority, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        var answer = API.call("POST", URI.create(c.baseUrl() + "/rest/api/2/issue"), headers(c), Map.of("fields",
                Map.of("project", Map.of("key", c.project()), "summary", subject, "description", description,
                        "issuetype", Map.of("name", "Task"), "priority", Map.of("name", priority(priority)))), deadline);
        return API.field(answer, "key");
    }

    @Override
    public void comment(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        API.call("POST", URI.create(c.baseUrl() + "/rest/api/2/issue/" + ref + "/comment"), headers(c), Map.of("body", text), deadline);
    }

    @Override
    public void close(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        comment(s, ref, text, deadline);
    }

    static String priority(String p) {
        return switch (p) {
            case "P0" -> "Highest";
            case "P1" -> "High";
            case "P2" -> "Medium";
            default -> "Low";
        };
    }
}
