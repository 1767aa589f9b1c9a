package dev.caretaker.notify.tickets;

import dev.caretaker.config.TicketsConfig;
import dev.caretaker.notify.DeliveryException;
import java.net.URI;
import java.util.Map;

/** Zoho Desk: POST /api/v1/tickets with the orgId and Zoho-oauthtoken headers; comments; status Closed. */
final class ZohoDesk implements TicketProvider {
    private final TicketsConfig c;
    private final JsonApi api;

    ZohoDesk(TicketsConfig c) {
        this.c = c;
        this.api = new JsonApi("Zoho Desk", Map.of("orgId", c.orgId(), "Authorization", "Zoho-oauthtoken " + c.token()));
    }

    @Override
    public String create(String subject, String description, String priority) throws DeliveryException {
        var answer = api.call("POST", url("/api/v1/tickets"), Map.of("subject", subject, "departmentId", c.departmentId(),
                "contactId", c.contactId(), "description", description, "priority", priority(priority), "channel", "Web"));
        return JsonApi.field(answer, "id", "Zoho Desk");
    }

    @Override
    public void comment(String ref, String text) throws DeliveryException {
        api.call("POST", url("/api/v1/tickets/" + ref + "/comments"), Map.of("content", text, "isPublic", false));
    }

    @Override
    public void close(String ref, String text) throws DeliveryException {
        comment(ref, text);
        api.call("PATCH", url("/api/v1/tickets/" + ref), Map.of("status", "Closed"));
    }

    /** Zoho Desk's priorities are High, Medium and Low. */
    static String priority(String p) {
        return switch (p) {
            case "P0", "P1" -> "High";
            case "P2" -> "Medium";
            default -> "Low";
        };
    }

    private URI url(String path) {
        return URI.create(c.baseUrl() + path);
    }
}
