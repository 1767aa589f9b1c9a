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

    /** The sender of one configured channel. */
    Channel open(NotifyConfig.Channel channel, NotifyConfig notify, java.nio.file.Path emlDir);
}
