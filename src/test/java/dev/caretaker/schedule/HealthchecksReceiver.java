package dev.caretaker.schedule;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A heartbeat service on 127.0.0.1 that speaks Healthchecks' pinging API (healthchecks.io/docs/http_api, "Endpoints":
 * success {@code /ping/UUID}, start {@code /ping/UUID/start}, failure {@code /ping/UUID/fail}, each by HEAD, GET or POST with an
 * optional body and {@code rid}; "200 OK" with body {@code OK}, an unknown check 404 {@code not found}) and judges the check as
 * Healthchecks does (docs "Configuring checks": period and grace): {@code down} after a {@code /fail}, or when no ping came
 * within period plus grace of the last one, by a clock the test sets.
 */
final class HealthchecksReceiver implements AutoCloseable {
    record Ping(String method, String kind, String rid, String body, String userAgent) {
    }

    final List<Ping> pings = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String uuid;
    private final Clock clock;
    private final Duration period;
    private final Duration grace;
    private volatile Instant last;
    private volatile boolean failed;

    HealthchecksReceiver(String uuid, Clock clock, Duration period, Duration grace) throws IOException {
        this.uuid = uuid;
        this.clock = clock;
        this.period = period;
        this.grace = grace;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ping/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String[] parts = ex.getRequestURI().getPath().substring("/ping/".length()).split("/", 2);
                String kind = parts.length == 1 ? "success" : parts[1];
                boolean known = parts[0].equals(uuid) && List.of("success", "start", "fail").contains(kind);
                String query = ex.getRequestURI().getQuery();
                String rid = query != null && query.startsWith("rid=") ? query.substring(4) : null;
                if (known) {
                    pings.add(new Ping(ex.getRequestMethod(), kind, rid, body, ex.getRequestHeaders().getFirst("User-Agent")));
                    last = clock.instant();
                    if (!kind.equals("start")) {
                        failed = kind.equals("fail");
                    }
                }
                byte[] out = (known ? "OK" : "not found").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(known ? 200 : 404, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "healthchecks");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** {@code new} before the first ping, {@code up}, or {@code down} (a /fail, or late past period and grace). */
    String status() {
        Instant l = last;
        if (l == null) {
            return "new";
        }
        if (failed || clock.instant().isAfter(l.plus(period).plus(grace))) {
            return "down";
        }
        return "up";
    }

    List<Ping> of(String kind) {
        return pings.stream().filter(p -> p.kind().equals(kind)).toList();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ping/" + uuid;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
