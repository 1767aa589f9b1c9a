package dev.caretaker.notify;

import java.util.Locale;

/** What a message in the outbox is about; stored by its label. */
public enum MessageKind {
    INCIDENT_OPENED, INCIDENT_WORSE, INCIDENT_FLAPPING, INCIDENT_ESCALATED, INCIDENT_RESOLVED, INCIDENT_ACKNOWLEDGED,
    /** Several incident changes of one run in one email or chat message ({@code notify.group_by}). */
    INCIDENT_GROUP,
    /** The incidents already open when a route was added, told to it once in one message. */
    INCIDENT_CATCH_UP,
    /** An open incident nobody acknowledged, sent again to the channels that got its opening ({@code incidents.repeat}). */
    INCIDENT_REMINDER,
    APPROVAL_REQUESTED, ACTION_RESULT, REPORT, TICKET_CREATE, TICKET_COMMENT, TICKET_CLOSE,
    /** The link that confirms a status-page email subscription (double opt-in). */
    STATUS_CONFIRMATION,
    /** A status-page post's update (its opening, an update, its resolution) told to a subscriber. */
    STATUS_UPDATE,
    /** A maintenance window started or ended: told to status-page subscribers and to {@code notify.maintenance_to}. */
    MAINTENANCE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageKind parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
