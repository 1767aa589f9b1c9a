package dev.caretaker.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline for receiving a request's headers (Go's {@code ReadHeaderTimeout}; Jetty has only idle timeouts, which a
 * client that sends a byte now and then never meets). Every half second it looks at each open connection: one whose
 * parser has been inside the same request's headers, or a new connection that has not finished its first request line
 * and headers, for longer than the deadline is closed. Connections waiting between requests and requests being handled
 * are left to the idle timeout.
 */
final class HeaderDeadline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
    /** How long a client has to send a request's line and headers. */
    static final Duration DEFAULT = Duration.ofSeconds(10);
    private static final long SWEEP_MILLIS = 500;

    private final Server server;
    private final long deadlineNanos;
    private final Map<EndPoint, Watch> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caretaker-header-deadline");
        t.setDaemon(true);
        return t;
    });

    private record Watch(long request, long since) {
    }

    HeaderDeadline(Server server, Duration deadline) {
        this.server = server;
        this.deadlineNanos = deadline.toNanos();
    }

    HeaderDeadline start() {
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            watched.keySet().removeIf(ep -> !ep.isOpen());
            for (Connector c : server.getConnectors()) {
                for (EndPoint ep : c.getConnectedEndPoints()) {
                    look(ep, now);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("header deadline sweep: {}", e.toString()); // the next sweep looks again
        }
    }

    private void look(EndPoint ep, long now) {
        Connection connection = ep.getConnection();
        if (!(connection instanceof HttpConnection http)) {
            watched.remove(ep);
            return;
        }
        HttpParser parser = http.getParser();
        long requests = http.getMessagesIn();
        boolean waitingForHeaders = parser.inHeaderState() && !(parser.isStart() && requests > 0);
        if (!waitingForHeaders) {
            watched.remove(ep);
            return;
        }
        Watch w = watched.get(ep);
        if (w == null || w.request() != requests) {
            watched.put(ep, new Watch(requests, now));
        } else if (now - w.since() > deadlineNanos) {
            watched.remove(ep);
            LOG.debug("closing {}: its request headers took longer than {} ms", ep.getRemoteSocketAddress(), deadlineNanos / 1_000_000);
            ep.close();
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
