package dev.caretaker.notify;

import java.time.Duration;

/** Somewhere a message can be delivered: an email list, a Slack webhook, a generic webhook, PagerDuty, a ticket system. */
public interface Channel {
    /** Delivers the message within {@code deadline} (the whole exchange), or throws: the outbox retries later. */
    void deliver(OutboxMessage message, Duration deadline) throws DeliveryException;

    /**
     * As {@link #deliver}, and says in a line what the service answered (its id for the message, its request id): what
     * {@code caretaker notify test} prints. A channel that keeps no answer says only that it was accepted.
     */
    default String deliverAnswered(OutboxMessage message, Duration deadline) throws DeliveryException {
        deliver(message, deadline);
        return "accepted";
    }
}
