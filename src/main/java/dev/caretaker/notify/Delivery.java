package dev.caretaker.notify;

import dev.caretaker.config.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what is due in the outbox within a time budget, each channel on its own (so a stuck channel never holds back
 * another), message by message, each exchange within what is left of it. Messages are claimed first under a token, so two
 * processes flushing at once send each message once; a sender looks that its claim still holds just before it sends. A
 * message sent is recorded sent even when the store comes back only later (kept in memory until it does, and never sent
 * again meanwhile). When a message fails, the later messages of its incident on that channel wait for it. A forced pass
 * ({@code caretaker notify flush}) tries every pending message once now, whatever its back-off says.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    static final int BATCH = 50;
    /** No single delivery takes longer than this, whatever the budget: well inside the claim's lease. */
    public static final Duration MAX_PER_MESSAGE = Duration.ofSeconds(60);
    /** Channels one process delivers at once. */
    static final int CHANNELS_AT_ONCE = 4;
    private static final ExecutorService CHANNELS = Executors.newFixedThreadPool(CHANNELS_AT_ONCE, r -> {
        Thread t = new Thread(r, "caretaker-delivery");
        t.setDaemon(true);
        return t;
    });

    /** What one delivery pass did (and the ids of the messages it sent), and what is still pending in the whole outbox. */
    public record Result(int sent, int failed, int pending, Set<Long> sentIds) {
        public Result {
            sentIds = Set.copyOf(sentIds);
        }
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
        int recorded = outbox.recordUnrecorded();
        if (recorded > 0) {
            LOG.info("recorded {} message(s) sent while the store was away", recorded);
        }
        List<String> due = outbox.channelsDue(clock.instant(), force);
        Set<Long> tried = ConcurrentHashMap.newKeySet();
        Set<Long> sentIds = ConcurrentHashMap.newKeySet();
        int sent = 0;
        int failed = 0;
        if (due.size() == 1) {
            int[] r = deliver(due.get(0), deadline, force, tried, sentIds);
            sent = r[0];
            failed = r[1];
        } else {
            List<Future<int[]>> running = new ArrayList<>();
            for (String channel : due) {
                running.add(CHANNELS.submit(() -> deliver(channel, deadline, force, tried, sentIds)));
            }
            for (Future<int[]> f : running) {
                try {
                    int[] r = f.get();
                    sent += r[0];
                    failed += r[1];
                } catch (ExecutionException e) {
                    LOG.warn("delivering a channel failed: {}", secrets.redact(String.valueOf(e.getCause().getMessage())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return new Result(sent, failed, outbox.counts().get(OutboxMessage.State.PENDING), sentIds);
    }

    /** One channel's due messages, in order per incident; returns {sent, failed}. */
    private int[] deliver(String name, Instant deadline, boolean force, Set<Long> tried, Set<Long> sentIds) {
        int sent = 0;
        int failed = 0;
        while (clock.instant().isBefore(deadline)) {
            String token = UUID.randomUUID().toString();
            Set<Long> skip = new HashSet<>(tried);
            skip.addAll(outbox.unrecorded());
            List<OutboxMessage> batch = outbox.claim(clock.instant(), BATCH, node, force, skip, List.of(name), true, token);
            if (batch.isEmpty()) {
                break;
            }
            Set<String> blocked = new HashSet<>();
            for (OutboxMessage m : batch) {
                tried.add(m.id());
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero() || m.orderingKeys().stream().anyMatch(blocked::contains)) {
                    outbox.release(m, token); // a slow server must not hold the run past its wait; an incident's order must hold
                    continue;
                }
                if (!outbox.holds(m, token, clock.instant())) {
                    continue; // the claim lapsed and another process has it, or it was recorded sent meanwhile
                }
                if (send(m, left, token)) {
                    sent++;
                    sentIds.add(m.id());
                } else {
                    failed++;
                    blocked.addAll(m.orderingKeys());
                }
            }
        }
        return new int[] {sent, failed};
    }

    /** Sends one claimed message and records what became of it; true when it was sent. */
    private boolean send(OutboxMessage m, Duration left, String token) {
        Channel channel = channels.get(m.channel());
        try {
            if (channel == null) {
                throw new DeliveryException("channel '" + m.channel() + "' is no longer configured");
            }
            channel.deliver(m, left.compareTo(MAX_PER_MESSAGE) < 0 ? left : MAX_PER_MESSAGE);
        } catch (DeliveryException | RuntimeException e) {
            String reason = secrets.redact(e.getMessage());
            LOG.warn("could not deliver {} to {} (attempt {}): {}", m.kind(), m.channel(), m.attempts() + 1, reason);
            try {
                outbox.markFailed(m, reason, clock.instant(), token, e instanceof DeliveryException d ? d.retryAfter() : null);
            } catch (RuntimeException x) {
                LOG.warn("could not record the failed attempt ({}); the claim lapses and the message is tried again", x.getMessage());
            }
            return false;
        }
        Instant at = clock.instant();
        try {
            outbox.markSent(m, at);
        } catch (RuntimeException e) {
            // sent is sent: kept in memory and recorded when the store answers again, never sent again by this process
            outbox.sentUnrecorded(m, at);
            LOG.warn("{} to {} was sent, but the store could not record it ({}); it is recorded once the store answers", m.kind(),
                    m.channel(), e.getMessage());
        }
        return true;
    }
}
