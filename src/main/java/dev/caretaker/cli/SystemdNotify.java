package dev.caretaker.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notification protocol (sd_notify(3)), spoken without libsystemd: one datagram per message to the AF_UNIX socket
 * named by {@code $NOTIFY_SOCKET} (a leading {@code @}: the abstract namespace), sent through the C library by JNA, since
 * Java cannot send unix datagrams. {@code READY=1} when the server serves, {@code STOPPING=1} when it stops, and, when
 * systemd set {@code WATCHDOG_USEC} for this process, {@code WATCHDOG=1} every half of it while the server is alive (its
 * scheduler runs and its own {@code /healthz} answers), so a hung node is restarted. Without {@code $NOTIFY_SOCKET}
 * everything here does nothing.
 */
final class SystemdNotify implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sockaddr_un.sun_path) on Linux. */
    private static final int SUN_PATH = 108;

    /** The C library's calls this needs. */
    public interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrlen);

        int close(int fd);
    }

    private final String socket;
    private final Duration watchdog;
    private volatile LibC libc;
    private volatile boolean failedOnce;
    private ScheduledExecutorService beat;

    private SystemdNotify(String socket, Duration watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /** From the environment systemd gives a {@code Type=notify} service; does nothing when it gave none. */
    static SystemdNotify from(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return new SystemdNotify(null, null);
        }
        return new SystemdNotify(socket, watchdog(env, ProcessHandle.current().pid()).orElse(null));
    }

    /** {@code WATCHDOG_USEC}, when {@code WATCHDOG_PID} is unset or names {@code pid} (it is meant for this process). */
    static Optional<Duration> watchdog(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || forPid != null && !forPid.strip().equals(String.valueOf(pid))) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(usec.strip());
            return n > 0 ? Optional.of(Duration.ofNanos(n * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("WATCHDOG_USEC is '{}', not a number of microseconds; systemd's watchdog is not fed", usec);
            return Optional.empty();
        }
    }

    boolean enabled() {
        return socket != null;
    }

    /** The server serves: {@code READY=1} with a status line, and the watchdog's beat when systemd asked for one. */
    void ready(String status, BooleanSupplier alive) {
        if (!enabled()) {
            return;
        }
        send("READY=1\nSTATUS=" + status.replace('\n', ' '));
        if (watchdog != null) {
            long every = Math.max(100, watchdog.toMillis() / 2);
            beat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "caretaker-systemd-watchdog");
                t.setDaemon(true);
                return t;
            });
            beat.scheduleWithFixedDelay(() -> {
                try {
                    if (alive.getAsBoolean()) {
                        send("WATCHDOG=1");
                    } else {
                        LOG.warn("not feeding systemd's watchdog: the scheduler is not running or /healthz does not answer; systemd restarts "
                                + "this node if it stays so for {}", dev.caretaker.config.Units.humanDuration(watchdog));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("feeding systemd's watchdog failed", e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
            LOG.info("systemd's watchdog is fed every {} while the server is alive", dev.caretaker.config.Units.humanDuration(Duration.ofMillis(every)));
        }
    }

    /** The server stops: {@code STOPPING=1}, and the watchdog's beat ends. */
    void stopping() {
        if (beat != null) {
            beat.shutdownNow();
        }
        if (enabled()) {
            send("STOPPING=1");
        }
    }

    @Override
    public void close() {
        if (beat != null) {
            beat.shutdownNow();
        }
    }

    /** Sends one message; a failure is logged (once) and never stops the server. */
    void send(String message) {
        try {
            LibC c = libc;
            if (c == null) {
                c = Native.load("c", LibC.class);
                libc = c;
            }
            byte[] addr = address(socket);
            int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IllegalStateException("socket() failed, errno " + Native.getLastError());
            }
            try {
                byte[] data = message.getBytes(StandardCharsets.UTF_8);
                long sent = c.sendto(fd, data, new NativeLong(data.length), MSG_NOSIGNAL, addr, addr.length).longValue();
                if (sent != data.length) {
                    throw new IllegalStateException("sendto() to " + socket + " failed, errno " + Native.getLastError());
                }
            } finally {
                c.close(fd);
            }
        } catch (RuntimeException | LinkageError e) {
            if (!failedOnce) {
                failedOnce = true;
                LOG.error("cannot tell systemd '{}' through NOTIFY_SOCKET {}: {}; with Type=notify systemd waits for READY=1 and then "
                        + "gives up on this service: use Type=simple, or fix the cause", message.lines().findFirst().orElse(""), socket, e.toString());
            }
        }
    }

    /** A {@code sockaddr_un} for {@code socket}: a path, or with a leading {@code @} a name in the abstract namespace. */
    static byte[] address(String socket) {
        boolean abstractName = socket.startsWith("@");
        byte[] name = (abstractName ? socket.substring(1) : socket).getBytes(StandardCharsets.UTF_8);
        if (name.length + 1 > SUN_PATH) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a unix socket address may be");
        }
        // sa_family, then sun_path: NUL-terminated for a path; for an abstract name a NUL first and exactly its bytes after
        ByteBuffer b = ByteBuffer.allocate(2 + 1 + name.length).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        if (abstractName) {
            b.put((byte) 0).put(name);
        } else {
            b.put(name).put((byte) 0);
        }
        return b.array();
    }
}
