package dev.caretaker.notify.tickets;

import dev.caretaker.config.Section;
import dev.caretaker.config.TicketSettings;
import dev.caretaker.notify.DeliveryException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code provider: zoho-desk}: POST /api/v1/tickets with the orgId and Zoho-oauthtoken headers; comments; status Closed. */
public final class ZohoDesk implements TicketProvider {
    public static final URI DEFAULT_BASE = URI.create("https://desk.zoho.com");

    /** The desk, the department and contact tickets are filed under, and the OAuth token (a secret). */
    public record Settings(URI baseUrl, String orgId, String departmentId, String contactId, String token) implements TicketSettings {
    }

    @Override
    public String name() {
        return "zoho-desk";
    }

    @Override
    public List<String> keys() {
        return List.of("base_url", "org_id", "department_id", "contact_id", "token");
    }

    @Override
    public TicketSettings read(Section s) {
        JsonApi.require(s, name(), "org_id", "department_id", "contact_id", "token");
        String token = s.string("token", null);
        s.secret(token);
        return new Settings(JsonApi.base(s, "base_url", DEFAULT_BASE), s.string("org_id", null), s.string("department_id", null),
                s.string("contact_id", null), token);
    }

    private static Map<String, String> headers(Settings c) {
        return Map.of("orgId", c.orgId(), "Authorization", "Zoho-oauthtoken " + c.token());
    }

    @Override
    public String create(TicketSettings s, String subject, String description, String priority, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        var answer = JsonApi.call("Zoho Desk", headers(c), "POST", URI.create(c.baseUrl() + "/api/v1/tickets"), Map.of("subject", subject,
                "departmentId", c.departmentId(), "contactId", c.contactId(), "description", description, "priority", priority(priority),
                "channel", "Web"), deadline);
        return JsonApi.field(answer, "id", "Zoho Desk");
    }

    @Override
    public void comment(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        JsonApi.call("Zoho Desk", headers(c), "POST", URI.create(c.baseUrl() + "/api/v1/tickets/" + ref + "/comments"),
                Map.of("content", text, "isPublic", false), deadline);
    }

    @Override
    public void close(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        comment(s, ref, text, deadline);
        JsonApi.call("Zoho Desk", headers(c), "PATCH", URI.create(c.baseUrl() + "/api/v1/tickets/" + ref), Map.of("status", "Closed"), deadline);
    }

    /** Zoho Desk's priorities are High, Medium and Low. */
    static String priority(String p) {
        return switch (p) {
            case "P0", "P1" -> "High";
            case "P2" -> "Medium";
            default -> "Low";
        };
    }
}
