package dev.caretaker.notify;

import dev.caretaker.config.NotifyConfig;
import dev.caretaker.config.TicketsConfig;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.notify.tickets.TicketChannel;
import dev.caretaker.config.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers what is due in the outbox, within a time budget; what fails stays for a later try. */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    static final int BATCH = 50;

    /** What one delivery pass did. */
    public record Result(int sent, int failed, int pending) {
    }

    private final Outbox outbox;
    private final Map<String, Channel> channels;
    private final Secrets secrets;
    private final Clock clock;

    public Delivery(Outbox outbox, Map<String, Channel> channels, Secrets secrets, Clock clock) {
        this.outbox = outbox;
        this.channels = channels;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * The channels a config defines, and its ticket system; email goes to {@code emlDir} as files when no SMTP
     * server is configured.
     */
    public static Map<String, Channel> channels(NotifyConfig config, Path emlDir, IncidentRepository incidents, Clock clock) {
        Map<String, Channel> out = new LinkedHashMap<>();
        config.tickets().ifPresent(t -> out.put(TicketsConfig.CHANNEL, new TicketChannel(t, incidents, clock)));
        for (NotifyConfig.Channel c : config.channels().values()) {
            out.put(c.name(), c.type().equals("email") ? new EmailChannel(config.email().orElse(null), c.to(), emlDir)
                    : new HttpChannel(c.type(), c.url(), c.headers()));
        }
        return out;
    }

    /** Sends due messages until none is due or {@code budget} is spent. */
    public Result deliverDue(Duration budget) {
        Instant deadline = clock.instant().plus(budget);
        int sent = 0;
        int failed = 0;
        while (clock.instant().isBefore(deadline)) {
            var due = outbox.due(clock.instant(), BATCH);
            if (due.isEmpty()) {
                break;
            }
            for (OutboxMessage m : due) {
                if (!clock.instant().isBefore(deadline)) {
                    break; // a slow server must not hold the run past its wait: the rest stays pending
                }
                Channel channel = channels.get(m.channel());
                try {
                    if (channel == null) {
                        throw new DeliveryException("channel '" + m.channel() + "' is no longer configured");
                    }
                    channel.deliver(m);
                    outbox.markSent(m.id(), clock.instant());
                    sent++;
                } catch (DeliveryException e) {
                    String reason = secrets.redact(e.getMessage());
                    LOG.warn("could not deliver {} to {} (attempt {}): {}", m.kind(), m.channel(), m.attempts() + 1, reason);
                    outbox.markFailed(m, reason, clock.instant());
                    failed++;
                }
            }
        }
        return new Result(sent, failed, outbox.counts().getOrDefault("pending", 0));
    }
}
