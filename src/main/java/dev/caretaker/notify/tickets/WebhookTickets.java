package dev.caretaker.notify.tickets;

import dev.caretaker.config.Section;
import dev.caretaker.config.TicketSettings;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.JsonSender;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code provider: webhook}: create, comment and close as JSON events; the answer's {@code id} is the reference. */
public final class WebhookTickets implements TicketProvider {
    private static final TicketApi API = new TicketApi("ticket webhook");

    /** Where the events go, and the headers (secrets) to send. */
    public record Settings(URI url, Map<String, String> headers) implements TicketSettings {
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public List<String> keys() {
        return List.of("url", "headers");
    }

    @Override
    public TicketSettings read(Section s) {
        TicketApi.require(s, name(), "url");
        return new Settings(TicketApi.base(s, "url", null), s.headers("headers"));
    }

    @Override
    public String create(TicketSettings s, String subject, String description, String priority, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        var answer = API.call("POST", c.url(), JsonSender.Headers.secret(c.headers()), Map.of("event", "ticket_create", "subject", subject,
                "description", description, "priority", priority), deadline);
        return API.field(answer, "id");
    }

    @Override
    public void comment(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        API.call("POST", c.url(), JsonSender.Headers.secret(c.headers()), Map.of("event", "ticket_comment", "id", ref, "text", text), deadline);
    }

    @Override
    public void close(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException {
        Settings c = (Settings) s;
        API.call("POST", c.url(), JsonSender.Headers.secret(c.headers()), Map.of("event", "ticket_close", "id", ref, "text", text), deadline);
    }
}
