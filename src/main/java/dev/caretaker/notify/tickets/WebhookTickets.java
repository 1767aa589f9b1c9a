package dev.caretaker.notify.tickets;

import dev.caretaker.config.TicketsConfig;
import dev.caretaker.notify.DeliveryException;
import java.util.Map;

/** A ticket system behind a webhook: create, comment and close as JSON events; the answer's {@code id} is the reference. */
final class WebhookTickets implements TicketProvider {
    private final TicketsConfig c;
    private final JsonApi api;

    WebhookTickets(TicketsConfig c) {
        this.c = c;
        this.api = new JsonApi("ticket webhook", c.headers());
    }

    @Override
    public String create(String subject, String description, String priority) throws DeliveryException {
        var answer = api.call("POST", c.baseUrl(), Map.of("event", "ticket_create", "subject", subject, "description", description,
                "priority", priority));
        return JsonApi.field(answer, "id", "ticket webhook");
    }

    @Override
    public void comment(String ref, String text) throws DeliveryException {
        api.call("POST", c.baseUrl(), Map.of("event", "ticket_comment", "id", ref, "text", text));
    }

    @Override
    public void close(String ref, String text) throws DeliveryException {
        api.call("POST", c.baseUrl(), Map.of("event", "ticket_close", "id", ref, "text", text));
    }
}
