package dev.caretaker.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of a background loop (heartbeat, waker, outbox worker, housekeeping): a failure is logged, counted in
 * {@code /metrics} as {@code caretaker_loop_failures_total{loop}}, and the loop carries on, so a thread never dies silently.
 */
final class Guarded {
    private static final Logger LOG = LoggerFactory.getLogger(Guarded.class);

    private Guarded() {
    }

    /** Runs {@code pass}; a RuntimeException or Error other than a VM error is logged and counted, not thrown. False when it failed. */
    static boolean pass(String loop, ServerMetrics metrics, Runnable pass) {
        try {
            pass.run();
            return true;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.error("{} failed; it goes on", loop, e);
            metrics.loopFailed(loop);
            return false;
        }
    }

    /** {@code pass} as a Runnable for an executor: each run guarded. */
    static Runnable loop(String loop, ServerMetrics metrics, Runnable pass) {
        return () -> pass(loop, metrics, pass);
    }
}
