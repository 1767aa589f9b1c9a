package dev.caretaker.demo;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for an external service on 127.0.0.1: answers every path with a fixed JSON body after an
 * optional delay, over HTTP or HTTPS. Used by the demo and by tests.
 */
public final class StubService implements AutoCloseable {
    private final HttpServer server;
    private final String url;

    private StubService(HttpServer server, String url) {
        this.server = server;
        this.url = url;
    }

    /** Starts a stub on {@code port} (0 for any free port); {@code tls} null for plain HTTP. */
    public static StubService start(int port, String path, int status, String body, Duration delay, SSLContext tls) throws IOException {
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        try {
            if (tls != null) {
                HttpsServer s = HttpsServer.create(addr, 0);
                s.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = s;
            } else {
                server = HttpServer.create(addr, 0);
            }
        } catch (java.net.BindException e) {
            throw new IOException("port " + port + " on 127.0.0.1 is in use; stop what holds it or set CARETAKER_DEMO_PORT_BASE", e);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "stub-" + port);
            t.setDaemon(true);
            return t;
        }));
        server.start();
        String scheme = tls != null ? "https" : "http";
        return new StubService(server, scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
