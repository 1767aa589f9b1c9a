package dev.caretaker.notify.tickets;

import dev.caretaker.config.TicketsConfig;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.notify.Channel;
import dev.caretaker.notify.DeliveryException;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.OutboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Tickets through the outbox: {@code ticket_create} files one ticket per incident and stores its reference on the
 * incident; comments and closing come after it (the outbox delivers an incident's messages in order) and wait until the
 * reference exists. A create whose incident already has a ticket (a repeat after a crash) files nothing new.
 */
public final class TicketChannel implements Channel {
    private final TicketsConfig config;
    private final TicketProvider provider;
    private final IncidentRepository incidents;
    private final Clock clock;

    public TicketChannel(TicketsConfig config, IncidentRepository incidents, Clock clock) {
        this.config = config;
        if (!(config.provider() instanceof TicketProvider p)) {
            throw new IllegalStateException("tickets were read with provider " + config.provider().name() + ", which Caretaker cannot file with");
        }
        this.provider = p;
        this.incidents = incidents;
        this.clock = clock;
    }

    @Override
    public void deliver(OutboxMessage m, Duration deadline) throws DeliveryException {
        long incident = Long.parseLong(m.get("incident"));
        Optional<String> ref = incidents.ticket(incident);
        MessageKind kind = MessageKind.parse(m.kind());
        if (kind == MessageKind.TICKET_CREATE) {
            if (ref.isEmpty()) {
                incidents.setTicket(incident, provider.create(config.settings(), m.get("subject"), m.get("text"), m.get("priority"), deadline),
                        clock.instant());
            }
        } else if (kind == MessageKind.TICKET_CLOSE) {
            provider.close(config.settings(), ref.orElseThrow(() -> waiting(incident)), m.get("text"), deadline);
        } else {
            provider.comment(config.settings(), ref.orElseThrow(() -> waiting(incident)), m.get("text"), deadline);
        }
    }

    private static DeliveryException waiting(long incident) {
        return new DeliveryException("incident #" + incident + " has no ticket yet; waiting for it to be created");
    }
}
