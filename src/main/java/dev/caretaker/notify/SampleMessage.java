package dev.caretaker.notify;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.Priority;
import dev.caretaker.config.Severity;
import dev.caretaker.incident.Incident;
import dev.caretaker.rule.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code caretaker notify test CHANNEL}: one sample incident sent through a channel now, straight to its service (not through
 * the outbox, so no back-off waits and nothing is stored), with what the service answered. A channel that keeps an alert
 * open (PagerDuty, Opsgenie: it takes acknowledgements) is sent the sample's resolution right after, so no test alert stays
 * open there.
 */
public final class SampleMessage {
    /** How long the whole exchange with one service may take. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /** What became of one message of the test: which event, whether it went, and the service's words. */
    public record Sent(String event, boolean ok, String answer) {
    }

    private SampleMessage() {
    }

    /** The sample incident, at {@code now}: P1, so a phone or a pager shows it as it would a real one. */
    public static Incident incident(String system, String channel, Instant now, Incident.State state) {
        return new Incident(0, system, "notify.test|" + channel + "|" + now.toEpochMilli(), "notify.test", Alert.Kind.FINDING, "notify-test",
                "channel " + channel, Severity.WARNING, Priority.P1, state,
                "Test message from Caretaker (caretaker notify test): no incident, nothing to do", now, now, null, null,
                state == Incident.State.RESOLVED ? now : null, state == Incident.State.RESOLVED ? "caretaker notify test" : null, null, false,
                false, 0);
    }

    /**
     * Sends the sample through channel {@code name} of {@code config}; email without an SMTP server goes to {@code emlDir} as a
     * file. Stops at the first refusal. Errors are redacted with the config's secrets.
     */
    public static List<Sent> send(CaretakerConfig config, String name, java.nio.file.Path emlDir, Clock clock) {
        NotifyConfig notify = config.notifications();
        NotifyConfig.Channel ch = notify.channels().get(name);
        if (ch == null) {
            throw new IllegalArgumentException("no channel '" + name + "' in notify.channels" + (notify.channels().isEmpty() ? " (there is none)"
                    : "; the channels are " + String.join(", ", notify.channels().keySet())));
        }
        ChannelKind kind = ChannelKinds.of(ch);
        Channel channel = kind.open(ch, notify, emlDir);
        Instant now = clock.instant();
        List<Sent> out = new ArrayList<>();
        Notice.IncidentNotice opened = notice(config, MessageKind.INCIDENT_OPENED, "opened", incident(config.system(), name, now, Incident.State.OPEN));
        Sent first = send(config, ch, kind, channel, opened, now);
        out.add(first);
        Notice.IncidentNotice ack = notice(config, MessageKind.INCIDENT_ACKNOWLEDGED, "acknowledged",
                incident(config.system(), name, now, Incident.State.ACKNOWLEDGED));
        if (first.ok() && kind.payload(ch, ack).isPresent()) {
            Incident done = incident(config.system(), name, now, Incident.State.RESOLVED);
            out.add(send(config, ch, kind, channel, notice(config, MessageKind.INCIDENT_RESOLVED, "resolved", done), now));
        }
        return out;
    }

    private static Notice.IncidentNotice notice(CaretakerConfig config, MessageKind kind, String verb, Incident i) {
        return new Notice.IncidentNotice(config.system(), config.file(), config.timezone(), kind, verb, i,
                "A sample sent by 'caretaker notify test' to see that this channel reaches its people.", null, "");
    }

    private static Sent send(CaretakerConfig config, NotifyConfig.Channel ch, ChannelKind kind, Channel channel, Notice.IncidentNotice n,
                             Instant now) {
        Optional<Map<String, String>> payload = kind.payload(ch, n);
        if (payload.isEmpty()) {
            return new Sent(n.verb(), false, "a channel of type " + ch.typeName() + " takes no incident messages");
        }
        OutboxMessage m = new OutboxMessage(0, ch.name(), n.kind().label(), "notify-test-" + n.incident().fingerprint() + "-" + n.verb(),
                List.of(), payload.get(), OutboxMessage.State.PENDING, 0, now, now, null, null);
        try {
            return new Sent(n.verb(), true, config.secrets().redact(channel.deliverAnswered(m, DEADLINE)));
        } catch (DeliveryException | RuntimeException e) {
            return new Sent(n.verb(), false, config.secrets().redact(String.valueOf(e.getMessage())));
        }
    }
}
