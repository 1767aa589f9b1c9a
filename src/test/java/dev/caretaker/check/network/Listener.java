package dev.caretaker.check.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TCP listener on 127.0.0.1 that the test opens: each connection is handed to {@code serve} on its own thread (optionally
 * after a delay and a TLS handshake as server).
 */
final class Listener implements AutoCloseable {
    interface Serve {
        void serve(Socket s) throws IOException;
    }

    private final ServerSocket server;
    private final List<Socket> open = new ArrayList<>();
    private final Thread acceptor;

    Listener(SSLContext tls, long delayMs, Serve serve) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (open) {
                        open.add(s);
                    }
                    Thread t = new Thread(() -> handle(s, tls, delayMs, serve));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void handle(Socket s, SSLContext tls, long delayMs, Serve serve) {
        try {
            Thread.sleep(delayMs);
            Socket c = s;
            if (tls != null) {
                SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                t.setUseClientMode(false);
                t.startHandshake();
                c = t;
            }
            serve.serve(c);
        } catch (IOException | InterruptedException e) {
            // the client went away: nothing to do
        }
    }

    /** Connections accepted so far. */
    int accepted() {
        synchronized (open) {
            return open.size();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** A port that nothing listens on (it was open a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
