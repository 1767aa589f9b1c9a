package dev.caretaker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint on 127.0.0.1 that records every request (headers, body, the status it answered) and answers with a fixed
 * status, optionally after a delay, or with 503 for the next few requests.
 */
public final class Receiver implements AutoCloseable {
    public record Request(String method, String path, Map<String, List<String>> headers, String body, int answered) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    public volatile int status;
    public volatile String answer = "{\"status\":\"success\"}";
    public volatile long delayMillis;
    /** Paths answered with 302 and this Location instead. */
    public final Map<String, String> redirects = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger failing = new AtomicInteger();

    public Receiver(int status) throws IOException {
        this(status, 0);
    }

    /** On a given port (0: any free one), e.g. to bring a service back where it was. */
    public Receiver(int status, int port) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                String location = redirects.get(ex.getRequestURI().getPath());
                int answered = location != null ? 302 : failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : this.status;
                requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body, answered));
                if (location != null) {
                    ex.getResponseHeaders().add("Location", location);
                }
                byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(answered, out.length);
                ex.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The next {@code n} requests get 503. */
    public void failNext(int n) {
        failing.set(n);
    }

    /** The requests answered with a 2xx status. */
    public List<Request> accepted() {
        return requests.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
