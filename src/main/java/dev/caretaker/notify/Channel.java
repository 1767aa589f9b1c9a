package dev.caretaker.notify;

import java.time.Duration;

/** Somewhere a message can be delivered: an email list, a Slack webhook, a generic webhook, PagerDuty, a ticket system. */
public interface Channel {
    /** Delivers the message within {@code deadline} (the whole exchange), or throws: the outbox retries later. */
    void deliver(OutboxMessage message, Duration deadline) throws DeliveryException;
}
