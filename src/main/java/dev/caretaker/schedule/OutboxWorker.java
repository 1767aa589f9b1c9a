package dev.caretaker.schedule;

import dev.caretaker.engine.Engine;
import dev.caretaker.notify.Outbox;
import dev.caretaker.notify.OutboxSignal;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox as soon as a message is committed on any node: it {@code LISTEN}s on the store for the notification
 * every enqueue sends on commit, and looks anyway every {@link #IDLE_MILLIS} for retries that came due. Deliveries claim
 * their messages, so several nodes never send one twice. The loop survives its own failures: a bad message or a lost
 * connection is logged and the loop goes on (reconnecting after a pause).
 */
final class OutboxWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    static final int IDLE_MILLIS = 15_000;
    static final long RECONNECT_MILLIS = 5_000;

    private final Supplier<Engine> engine;
    private final Runnable failed;
    private volatile boolean running = true;
    private volatile Thread thread;

    private final java.util.function.BooleanSupplier working;

    /**
     * A worker delivering {@code engine}'s outbox while {@code working} says the node can work; {@code failed} counts each
     * failure the loop survives.
     */
    OutboxWorker(Supplier<Engine> engine, Runnable failed, java.util.function.BooleanSupplier working) {
        this.engine = engine;
        this.failed = failed;
        this.working = working;
    }

    void start(String node) {
        thread = new Thread(this, "caretaker-outbox-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try (OutboxSignal signal = engine.get().deliveries().listen()) {
                deliver();
                long last = System.nanoTime();
                while (running) {
                    // a second at a time, so a stop is noticed at once
                    if (signal.await(1_000) || System.nanoTime() - last > IDLE_MILLIS * 1_000_000L) {
                        deliver(); // a commit anywhere, or time to look for retries that came due
                        last = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("outbox worker lost its store connection ({}); trying again in {} s", e.getMessage(), RECONNECT_MILLIS / 1000);
                    pause();
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("outbox worker failed; it goes on", e);
                    failed.run();
                    pause();
                }
            }
        }
    }

    private void deliver() {
        if (!working.getAsBoolean()) {
            return; // a node that cannot work delivers nothing either
        }
        try {
            engine.get().deliveries().deliverDue();
        } catch (RuntimeException e) {
            LOG.error("delivering the outbox failed; the messages stay pending and are tried again", e);
            failed.run();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
