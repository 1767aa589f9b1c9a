package dev.caretaker.access;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where login passwords are hashed: a few threads of their own and a short queue. Argon2id takes 19 MiB and tens of
 * milliseconds per check, so a flood of logins must never run them on every request thread at once; a login that finds
 * the threads busy and the queue full is refused at once ({@link #admit()} is empty), before anything is read or written.
 */
public final class PasswordChecks {
    /** Checks running at once. */
    public static final int DEFAULT_THREADS = 2;
    /** Checks waiting for a thread; one more is refused. */
    public static final int DEFAULT_QUEUE = 8;
    /** The process's one pool, shared by every login of every web server in it. */
    public static final PasswordChecks SHARED = new PasswordChecks(DEFAULT_THREADS, DEFAULT_QUEUE);

    private final Semaphore slots;
    private final ExecutorService threads;

    public PasswordChecks(int threads, int queue) {
        this.slots = new Semaphore(threads + queue);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "caretaker-password-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A place in the pool, or empty when every thread is busy and the queue is full. */
    public Optional<Slot> admit() {
        return slots.tryAcquire() ? Optional.of(new Slot()) : Optional.empty();
    }

    /** One admitted check; closing it gives the place back. */
    public final class Slot implements AutoCloseable {
        private boolean closed;

        private Slot() {
        }

        /** Whether {@code password} matches {@code phc}, hashed on the pool's threads. */
        public boolean verify(char[] password, String phc) {
            try {
                return threads.submit(() -> Passwords.verify(password, phc)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a password check failed", e.getCause());
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                slots.release();
            }
        }
    }
}
