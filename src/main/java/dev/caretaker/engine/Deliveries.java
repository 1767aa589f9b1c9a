package dev.caretaker.engine;

import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.Outbox;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.report.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The outbox as operators see it: flush now, and what is in it. */
public final class Deliveries {
    /** How long an operator's flush may take at most; it stops early when nothing is pending. */
    public static final Duration FLUSH_BUDGET = Duration.ofMinutes(5);

    private final Engine engine;

    Deliveries(Engine engine) {
        this.engine = engine;
    }

    /** Tries every pending message once, now, whatever its back-off says, in order per incident and channel. */
    public Delivery.Result flush() {
        return engine.delivery().deliver(FLUSH_BUDGET, true);
    }

    /** Tries every pending message once now, within {@code budget}: what a stopping server does on its way out. */
    public Delivery.Result flushWithin(java.time.Duration budget) {
        return engine.delivery().deliver(budget, true);
    }

    /** Delivers what is due, within {@code notify.wait}: what a run does after writing its messages. */
    public Delivery.Result deliverDue() {
        return engine.delivery().deliver(engine.config().notifications().deliveryWait(), false);
    }

    /**
     * Delivers what is due within {@code notify.wait} and tells what became of {@code queued}: {@code delivered} counts the
     * messages really sent, this run's (whoever sent them: a server's delivery worker may take one first, and is waited for
     * while it holds it) and the earlier ones this pass sent.
     */
    RunOutcome.Notifications ofRun(List<Outbox.Queued> queued) {
        Duration wait = engine.config().notifications().deliveryWait();
        long until = System.nanoTime() + (wait.compareTo(Delivery.MAX_PER_MESSAGE) < 0 ? wait : Delivery.MAX_PER_MESSAGE).toNanos();
        Delivery.Result r = engine.delivery().deliver(wait, false);
        Set<Long> sentIds = new java.util.HashSet<>(r.sentIds());
        int failed = r.failed();
        int pending = r.pending();
        // Another sender (a server's delivery worker) may hold one of this run's messages: it is being sent now, so wait for it.
        // Once nothing is held, what is still due and unclaimed (a claim that let go, a lock seen before its claim showed) is
        // delivered here, a few times at most: a message kept back behind an earlier one of its incident stays pending.
        for (int retries = 0; System.nanoTime() - until < 0; ) {
            Instant now = engine.clock().instant();
            if (!engine.outbox().beingSent(queued, now)) {
                if (retries++ == 3 || !engine.outbox().dueUnclaimed(queued, now)) {
                    break;
                }
                Delivery.Result again = engine.delivery().deliver(Duration.ofNanos(Math.max(0, until - System.nanoTime())), false);
                sentIds.addAll(again.sentIds());
                failed += again.failed();
                pending = again.pending();
                continue;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<OutboxMessage> mine = engine.outbox().withKeys(queued);
        Set<Long> ids = mine.stream().map(OutboxMessage::id).collect(Collectors.toSet());
        long sentOfMine = mine.stream().filter(m -> m.state() == OutboxMessage.State.SENT).count();
        long sentOfOthers = sentIds.stream().filter(id -> !ids.contains(id)).count();
        List<RunOutcome.Notification> states = mine.stream()
                .map(m -> new RunOutcome.Notification(m.channel(), m.kind(), m.dedupKey(), m.state().label(), m.attempts(), m.lastError()))
                .toList();
        return new RunOutcome.Notifications(states, (int) (sentOfMine + sentOfOthers), failed, pending,
                engine.writesEmailToFiles() ? engine.emlFolder() : null);
    }

    /** The newest messages (of one state, or all), and the counts by state. */
    public record Status(List<OutboxMessage> messages, Map<OutboxMessage.State, Integer> counts) {
    }

    public Status status(OutboxMessage.State state, int limit) {
        return new Status(engine.outbox().list(state, limit), engine.outbox().counts());
    }

    /** A session that hears when a message is committed to the outbox on any node. */
    public dev.caretaker.notify.OutboxSignal listen() throws java.sql.SQLException {
        return dev.caretaker.notify.OutboxSignal.listen(engine.store().dataSource());
    }
}
