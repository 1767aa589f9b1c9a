package dev.caretaker.notify.tickets;

import dev.caretaker.config.TicketsConfig;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.OutboxMessage;
import java.time.Clock;
import java.util.Optional;

/**
 * Tickets through the outbox: {@code ticket_create} files one ticket per incident and stores its reference on
 * the incident; comments and closing wait (and are retried) until that reference exists. A create whose
 * incident already has a ticket (a repeat after a crash) files nothing new.
 */
public final class TicketChannel implements Channel {
    private final TicketProvider provider;
    private final IncidentRepository incidents;
    private final Clock clock;

    public TicketChannel(TicketsConfig config, IncidentRepository incidents, Clock clock) {
        this.provider = switch (config.provider()) {
            case "zoho-desk" -> new ZohoDesk(config);
            case "github" -> new GitHubIssues(config);
            case "jira" -> new JiraIssues(config);
            default -> new WebhookTickets(config);
        };
        this.incidents = incidents;
        this.clock = clock;
    }

    @Override
    public void deliver(OutboxMessage m) throws DeliveryException {
        long incident = Long.parseLong(m.get("incident"));
        Optional<String> ref = incidents.ticket(incident);
        switch (m.kind()) {
            case "ticket_create" -> {
                if (ref.isEmpty()) {
                    incidents.setTicket(incident, provider.create(m.get("subject"), m.get("text"), m.get("priority")), clock.instant());
                }
            }
            case "ticket_close" -> provider.close(ref.orElseThrow(() -> waiting(incident)), m.get("text"));
            default -> provider.comment(ref.orElseThrow(() -> waiting(incident)), m.get("text"));
        }
    }

    private static DeliveryException waiting(long incident) {
        return new DeliveryException("incident #" + incident + " has no ticket yet; waiting for it to be created");
    }
}
