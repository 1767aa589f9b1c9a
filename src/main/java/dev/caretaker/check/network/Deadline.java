package dev.caretaker.check.network;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** One deadline for a whole probe: connecting, the TLS handshake and every read share it. */
final class Deadline {
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
}
