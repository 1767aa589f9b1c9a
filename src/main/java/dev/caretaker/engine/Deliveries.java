package dev.caretaker.engine;

import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.OutboxMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
