package dev.caretaker.check.network;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One deadline for a whole probe: connecting, the TLS handshake and every read share it. Each blocking call waits at most
 * what is left, and a guard closes the connection when the deadline passes, so a server that sends its TLS handshake one
 * byte at a time holds the check no longer than the deadline either.
 */
final class Deadline {
    private static final ScheduledExecutorService GUARD = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caretaker-network-deadline");
        t.setDaemon(true);
        return t;
    });

    private final long end;

    Deadline(Duration timeout) {
        this.end = System.nanoTime() + timeout.toNanos();
    }

    /** Milliseconds left, at least 1 (a socket timeout of 0 would wait forever); throws when none are left. */
    int left() throws SocketTimeoutException {
        long ms = (end - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /** Stops guarding when closed. */
    interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether the deadline has passed. */
    boolean passed() {
        return System.nanoTime() - end >= 0;
    }

    /** Closes {@code socket} when the deadline passes, unless the returned guard is closed first. */
    Guard guard(Socket socket) {
        long delay = Math.max(0, end - System.nanoTime());
        ScheduledFuture<?> f = GUARD.schedule(() -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // it is being abandoned
            }
        }, delay, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
