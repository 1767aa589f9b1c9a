package dev.caretaker.notify;

/** Somewhere a message can be delivered: an email list, a Slack webhook, a generic webhook, PagerDuty. */
public interface Channel {
    void deliver(OutboxMessage message) throws DeliveryException;
}
