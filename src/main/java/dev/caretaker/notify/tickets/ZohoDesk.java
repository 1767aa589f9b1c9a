package dev.caretaker.notify.tickets;

import dev.caretaker.config.Section;
import dev.caretaker.config.TicketSettings;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code provider: zoho-desk}: POST /api/v1/tickets with the orgId and Zoho-oauthtoken headers; comments; status Closed. */
public final class ZohoDesk implements TicketProvider {
    public static final URI DEFAULT_BASE = URI.create("https://desk.zoho.com");
    private static final TicketApi API = new TicketApi("Zoho Desk");

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
        TicketApi.require(s, name(), "org_id", "department_id", "contact_id", "token");
        String token = s.string("token", null);
        s.secret(token);
        return new Settings(TicketApi.base(s, "base_url", DEFAULT_BASE), s.string("org_id", null), s.string("department_id", null),
                s.string("contact_id", null), token);
    }

    private static JsonSender.Headers headers(Settings c) {
        return new JsonSender.Headers(Map.of("orgId", c.orgId()), Map.of("Authorization", "Zoho-oauthtoken " + c.token()));
    }

    @Override
    public String create(TicketSettings s, String subject, String description, String priority, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        var answer = API.call("POST", URI.create(c.baseUrl() + "/api/v1/tickets"), headers(c), Map.of("subject", subject,
                "departmentId", c.departmentId(), "contactId", c.contactId(), "description", description, "priority", priority(priority),
                "channel", "Web"), deadline);
        return API.field(answer, "id");
    }

    @Override
    public void comment(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        API.call("POST", URI.create(c.baseUrl() + "/api/v1/tickets/" + ref + "/comments"), headers(c),
                Map.of("content", text, "isPublic", false), deadline);
    }

    @Override
    public void close(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        comment(s, ref, text, deadline);
        API.call("PATCH", URI.create(c.baseUrl() + "/api/v1/tickets/" + ref), headers(c), Map.of("status", "Closed"), deadline);
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
