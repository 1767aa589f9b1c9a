package dev.caretaker.notify;

import dev.caretaker.config.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what is due in the outbox within a time budget, message by message, each exchange within what is left of it.
 * Messages are claimed first, so two processes flushing at once send each message once. When a message fails, the later
 * messages of its incident on that channel wait for it. A forced pass ({@code caretaker notify flush}) tries every pending
 * message once now, whatever its back-off says.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    static final int BATCH = 50;
    /** No single delivery takes longer than this, whatever the budget: well inside the claim's lease. */
    public static final Duration MAX_PER_MESSAGE = Duration.ofSeconds(60);

    /** What one delivery pass did, and what is still pending in the whole outbox. */
    public record Result(int sent, int failed, int pending) {
    }

    private final Outbox outbox;
    private final Map<String, Channel> channels;
    private final Secrets secrets;
    private final Clock clock;
    private final String node;

    public Delivery(Outbox outbox, Map<String, Channel> channels, Secrets secrets, Clock clock, String node) {
        this.outbox = outbox;
        this.channels = channels;
        this.secrets = secrets;
        this.clock = clock;
        this.node = node;
    }

    /** The senders of a config's channels, and of its ticket system; email goes to {@code emlDir} as files without SMTP. */
    public static Map<String, Channel> channels(dev.caretaker.config.NotifyConfig config, java.nio.file.Path emlDir,
                                                dev.caretaker.incident.IncidentRepository incidents, Clock clock) {
        Map<String, Channel> out = new java.util.LinkedHashMap<>();
        config.tickets().ifPresent(t -> out.put(dev.caretaker.config.TicketsConfig.CHANNEL,
                new dev.caretaker.notify.tickets.TicketChannel(t, incidents, clock)));
        for (dev.caretaker.config.NotifyConfig.Channel c : config.channels().values()) {
            out.put(c.name(), ChannelKinds.of(c).open(c, config, emlDir));
        }
        return out;
    }

    /** Sends due messages until none is due or {@code budget} is spent; with {@code force}, every pending one, once. */
    public Result deliver(Duration budget, boolean force) {
        Instant deadline = clock.instant().plus(budget);
        int sent = 0;
        int failed = 0;
        Set<Long> tried = new HashSet<>();
        while (clock.instant().isBefore(deadline)) {
            List<OutboxMessage> batch = outbox.claim(clock.instant(), BATCH, node, force, tried);
            if (batch.isEmpty()) {
                break;
            }
            Set<String> blocked = new HashSet<>();
            for (OutboxMessage m : batch) {
                tried.add(m.id());
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero() || m.orderingKeys().stream().anyMatch(k -> blocked.contains(m.channel() + "|" + k))) {
                    outbox.release(m); // a slow server must not hold the run past its wait; an incident's order must hold
                    continue;
                }
                Channel channel = channels.get(m.channel());
                try {
                    if (channel == null) {
                        throw new DeliveryException("channel '" + m.channel() + "' is no longer configured");
                    }
                    channel.deliver(m, left.compareTo(MAX_PER_MESSAGE) < 0 ? left : MAX_PER_MESSAGE);
                    outbox.markSent(m, clock.instant());
                    sent++;
                } catch (DeliveryException | RuntimeException e) {
                    String reason = secrets.redact(e.getMessage());
                    LOG.warn("could not deliver {} to {} (attempt {}): {}", m.kind(), m.channel(), m.attempts() + 1, reason);
                    outbox.markFailed(m, reason, clock.instant());
                    failed++;
                    m.orderingKeys().forEach(k -> blocked.add(m.channel() + "|" + k));
                }
            }
        }
        return new Result(sent, failed, outbox.counts().get(OutboxMessage.State.PENDING));
    }
}
