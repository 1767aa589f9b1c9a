package dev.caretaker.schedule;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Whether the store answers, as the node's loops find it: the first failure of an outage is logged once (a warning), the
 * store answering again is logged with how long it was away and counted ({@code caretaker_store_reconnects_total}). The
 * scheduler library's own "Unhandled exception" lines for a store that does not answer are left out of the log while this
 * node runs: the outage is this watch's one line, not one stack trace per scheduler pass.
 */
final class StoreWatch {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWatch.class);
    private static final String SCHEDULER_LOGGERS = "com.github.kagkarlsson.scheduler";

    private final ServerMetrics metrics;
    private final Clock clock;
    private final AtomicReference<Instant> lostAt = new AtomicReference<>();
    private volatile TurboFilter filter;

    StoreWatch(ServerMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether the store answered the last time a loop asked. */
    boolean up() {
        return lostAt.get() == null;
    }

    /** A loop could not reach the store. */
    void lost(Throwable cause) {
        if (lostAt.compareAndSet(null, clock.instant())) {
            LOG.warn("the store does not answer ({}); ticks and deliveries wait, and the node reconnects as soon as it answers", rootMessage(cause));
        }
    }

    /** A loop reached the store. */
    void answered() {
        Instant since = lostAt.getAndSet(null);
        if (since != null) {
            metrics.reconnected();
            LOG.info("the store answers again after {} s: reconnected", Duration.between(since, clock.instant()).toSeconds());
        }
    }

    /** Runs {@code pass} against the store, telling this watch whether it answered; true when the pass went through. */
    boolean run(Runnable pass) {
        try {
            pass.run();
            answered();
            return true;
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            lost(e);
            return false;
        }
    }

    /** Whether {@code e} says the store could not be reached (no connection, or it broke), as opposed to a bad statement. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01"))) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("Unable to open connection") || m.contains("Connection is not available") || m.contains("Connection is closed")
                    || m.contains("connection has been closed") || m.contains("An I/O error occurred")) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the scheduler library's store-unreachable errors out of the log (they tell this watch instead), until {@link #close}. */
    void quietScheduler() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        TurboFilter f = new TurboFilter() {
            @Override
            public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format, Object[] params,
                                      Throwable t) {
                if (t != null && logger.getName().startsWith(SCHEDULER_LOGGERS) && level.isGreaterOrEqual(Level.WARN) && unreachable(t)) {
                    lost(t);
                    return FilterReply.DENY;
                }
                return FilterReply.NEUTRAL;
            }
        };
        f.start();
        context.addTurboFilter(f);
        filter = f;
    }

    void close() {
        TurboFilter f = filter;
        if (f != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().remove(f);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
