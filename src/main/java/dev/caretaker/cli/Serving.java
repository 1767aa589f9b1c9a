package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigProblem;
import dev.caretaker.engine.Engine;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.SigningKey;
import dev.caretaker.store.Store;
import dev.caretaker.web.WebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server node in this process, as {@code caretaker run} and the demo start it: the scheduler and workers, the HTTP
 * endpoints, and the signals — SIGTERM or Ctrl-C stop it cleanly (exit 0), SIGHUP or a change of the config file reloads
 * the config (a config with errors is logged line by line and refused; the old one keeps running).
 */
final class Serving {
    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);
    static final Duration WATCH_EVERY = Duration.ofSeconds(2);
    /** What a stop may take beyond waiting for running ticks: delivering the outbox and releasing claims. */
    static final Duration STOP_GRACE = Duration.ofSeconds(45);

    /** Where and how: bind address, port (0: any free one), node name, how long a stop waits for running ticks. */
    record Settings(String bind, int port, String node, Duration shutdownWait, int parallel) {
        /** How many checks of one run go at once on a server: more than a one-off check, as HTTP checks mostly wait. */
        static final int DEFAULT_PARALLEL = 16;
    }

    private Serving() {
    }

    /**
     * Serves {@code config} until stopped; {@code reread} reads the config file again for a reload (with the environment and
     * env file as they are then). Returns 0 after a clean stop, 3 when it could not start.
     */
    static int serve(CaretakerConfig config, Store store, Map<String, String> environment, Supplier<CaretakerConfig> reread, Settings s,
                     PrintWriter out, PrintWriter err) {
        Clock clock = Clock.systemUTC();
        String node = s.node() != null ? s.node() : Engine.Builder.DEFAULT_NODE;
        Server server = new Server(store, config, c -> Engine.builder(c, store).node(node).parallelism(s.parallel())
                .signingKey(SigningKey.load(environment, c.store().home())).build(),
                Server.Options.defaults(node).withShutdownWait(s.shutdownWait()), clock);
        WebServer web = new WebServer(server, clock);
        int port;
        try {
            port = web.start(s.bind(), s.port());
        } catch (RuntimeException e) {
            err.println("caretaker: cannot listen on " + s.bind() + ":" + s.port() + ": " + Errors.describe(e)
                    + "; choose another with --bind and --port");
            err.flush();
            return Main.UNKNOWN;
        }
        String base = "http://" + (s.bind().contains(":") ? "[" + s.bind() + "]" : s.bind()) + ":" + port;
        server.start(s.bind() + ":" + port);
        out.println("caretaker run: node " + node + " of " + config.system() + " serving " + base + " (dashboard at /, REST API at /api/v1, /healthz /readyz /metrics /ping/TOKEN)");
        out.println("config " + config.file() + "; SIGHUP or saving the file reloads it; Ctrl-C or SIGTERM stops");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runnable reload = () -> reload(server, reread);
        Signals.install(() -> {
            if (stop.getCount() == 0) {
                LOG.error("a second stop signal: exiting now, without waiting for running ticks or the outbox");
                Runtime.getRuntime().halt(Main.UNKNOWN);
            }
            stop.countDown();
        }, reload);
        Thread watcher = watch(config.file(), reload, stop);
        SystemdNotify systemd = SystemdNotify.from(environment);
        systemd.ready("node " + node + " of " + config.system() + " serving " + base, alive(server, s.bind(), port));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        systemd.stopping();
        watcher.interrupt();
        watchdog(s.shutdownWait().plus(STOP_GRACE));
        server.close();
        web.close();
        out.println("caretaker run: node " + node + " stopped");
        out.flush();
        return 0;
    }

    /** Alive for systemd's watchdog: the scheduler runs and this node's own {@code /healthz} answers within 5 s. */
    private static java.util.function.BooleanSupplier alive(Server server, String bind, int port) {
        String host = bind.equals("0.0.0.0") || bind.isEmpty() ? "127.0.0.1" : bind.equals("::") ? "[::1]" : bind.contains(":") ? "[" + bind + "]" : bind;
        java.net.URI healthz = java.net.URI.create("http://" + host + ":" + port + "/healthz");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return () -> {
            if (!server.scheduling()) {
                return false;
            }
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }

    /**
     * Ends the process when a stop takes longer than {@code limit}: the running ticks' wait plus {@link #STOP_GRACE} for the
     * outbox and the store, which may be what hangs (a store gone away). Claims left behind lapse with their lease.
     */
    private static void watchdog(Duration limit) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.error("the stop took longer than {} (is the store reachable?); exiting now; claims left behind lapse with their lease",
                    dev.caretaker.config.Units.humanDuration(limit));
            Runtime.getRuntime().halt(Main.UNKNOWN);
        }, "caretaker-stop-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static void reload(Server server, Supplier<CaretakerConfig> reread) {
        try {
            CaretakerConfig next = reread.get();
            server.reload(next);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                LOG.error("{}", p);
            }
            LOG.error("the new config has {} problem(s) and is not applied; the previous config keeps running", e.problems().size());
        } catch (RuntimeException e) {
            LOG.error("the new config is not applied: {}; the previous config keeps running", Errors.describe(e));
        }
    }

    /** Reloads when the file's content changes (and stays changed for one more look, so a half-saved file is not read). */
    private static Thread watch(Path file, Runnable reload, CountDownLatch stop) {
        Thread t = new Thread(() -> {
            String applied = digest(file);
            String seen = applied;
            while (stop.getCount() > 0) {
                try {
                    Thread.sleep(WATCH_EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                String now = digest(file);
                if (now != null && now.equals(seen) && !now.equals(applied)) {
                    LOG.info("{} changed; reloading", file);
                    reload.run();
                    applied = now;
                }
                seen = now;
            }
        }, "caretaker-config-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** SIGTERM and SIGINT stop, SIGHUP reloads; where the JVM does not allow it, a shutdown hook stops. */
    static final class Signals {
        private Signals() {
        }

        /** Whether signal {@code number} is ignored in this process (Linux: SigIgn in /proc/self/status); false where unknown. */
        static boolean ignored(int number) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("SigIgn:")) {
                        return new java.math.BigInteger(line.substring(7).trim(), 16).testBit(number - 1);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
            return false;
        }

        @SuppressWarnings("removal")
        static void install(Runnable stop, Runnable reload) {
            for (String name : new String[] {"TERM", "INT"}) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> stop.run());
                } catch (IllegalArgumentException e) {
                    Runtime.getRuntime().addShutdownHook(new Thread(stop));
                }
            }
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> new Thread(reload, "caretaker-reload").start());
                if (ignored(1)) {
                    // the JVM keeps a signal ignored when the process started with it ignored (nohup), without a word
                    LOG.warn("SIGHUP is ignored in this process (started under nohup, or by a parent that ignores it), so it cannot "
                            + "reload the config; save the config file to reload it, or start Caretaker without nohup");
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("SIGHUP cannot be handled here; save the config file to reload it");
            }
        }
    }
}
