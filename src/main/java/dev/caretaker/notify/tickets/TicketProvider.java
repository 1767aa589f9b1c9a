package dev.caretaker.notify.tickets;

import dev.caretaker.config.TicketSettings;
import dev.caretaker.config.TicketType;
import dev.caretaker.notify.DeliveryException;
import java.time.Duration;

/**
 * A ticket system: how the config loader reads it ({@link TicketType}); filing a ticket and returning its reference,
 * commenting on it, closing it — each call within its deadline.
 */
public interface TicketProvider extends TicketType {
    String create(TicketSettings s, String subject, String description, String priority, Duration deadline) throws DeliveryException;

    void comment(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException;

    /** Closes the ticket, or comments where closing depends on a workflow Caretaker cannot know (Jira). */
    void close(TicketSettings s, String ref, String text, Duration deadline) throws DeliveryException;
}
