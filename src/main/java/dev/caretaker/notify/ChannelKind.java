package dev.caretaker.notify;

import dev.caretaker.config.ChannelType;
import dev.caretaker.config.NotifyConfig;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of channel (email, slack, webhook, pagerduty): how the config loader reads it ({@link ChannelType}), what it
 * sends for each notice, and how it delivers. Each kind is one class under {@code channels/}, listed in {@link ChannelKinds}.
 */
public interface ChannelKind extends ChannelType {
    /** The payload of a notice for this channel, or empty when this kind takes no such message (PagerDuty: no reports). */
    Optional<Map<String, String>> payload(NotifyConfig.Channel channel, Notice notice);

    /**
     * Whether this kind takes the incident changes of one run as one message ({@link Notice.IncidentGroupNotice}) when
     * {@code notify.group_by} groups: email and chat do; a pager or a machine gets one event per incident.
     */
    default boolean groups() {
        return false;
    }

    /** The sender of one configured channel. */
    Channel open(NotifyConfig.Channel channel, NotifyConfig notify, java.nio.file.Path emlDir);
}
