package dev.caretaker.notify.tickets;

import dev.caretaker.notify.DeliveryException;

/** A ticket system: files a ticket and returns its reference, comments on it, closes it. */
public interface TicketProvider {
    String create(String subject, String description, String priority) throws DeliveryException;

    void comment(String ref, String text) throws DeliveryException;

    /** Closes the ticket, or comments where closing depends on a workflow Caretaker cannot know (Jira). */
    void close(String ref, String text) throws DeliveryException;
}
