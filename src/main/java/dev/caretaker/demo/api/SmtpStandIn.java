package dev.caretaker.demo.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A mail server's SMTP dialogue on 127.0.0.1, as RFC 5321 and RFC 3207 describe it: a 220 greeting (§3.1; or the refusal
 * given, such as a 554), EHLO answered 250 with its extensions (§4.1.1.1; or refused with the code given), STARTTLS
 * advertised when a TLS context is given (RFC 3207 §4: "220" to the command, the handshake, and a new EHLO whose answer no
 * longer offers it; nothing read before the handshake is kept, §4.2), QUIT answered 221, anything else 502. It takes no mail.
 */
public final class SmtpStandIn implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final String greeting;
    private final int ehloCode;
    private final SSLContext tls;

    /**
     * Listens on {@code port} of 127.0.0.1 (0: any free port), greeting with {@code greeting}, answering EHLO with
     * {@code ehloCode}, and offering STARTTLS when {@code tls} is given.
     */
    public SmtpStandIn(int port, String greeting, int ehloCode, SSLContext tls) throws IOException {
        this.greeting = greeting;
        this.ehloCode = ehloCode;
        this.tls = tls;
        try {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (BindException e) {
            throw new IOException("port " + port + " on 127.0.0.1 is in use; stop what holds it or set CARETAKER_DEMO_PORT_BASE", e);
        }
        Thread acceptor = new Thread(this::accept, "smtp-stand-in");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A mail server that greets, accepts EHLO and offers STARTTLS with {@code tls}'s certificate. */
    public static SmtpStandIn starttls(int port, SSLContext tls) throws IOException {
        return new SmtpStandIn(port, "220 mx.test.example ESMTP", 250, tls);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> converse(s), "smtp-stand-in-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket s) {
        try {
            Socket c = s;
            reply(c, greeting);
            boolean secure = false;
            BufferedReader in = reader(c);
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.split(" ")[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(c, ehloCode != 250 ? ehloCode + " 5.5.1 EHLO not accepted here"
                            : tls != null && !secure ? "250-mx.test.example greets you\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME"
                            : "250-mx.test.example greets you\r\n250-SIZE 10240000\r\n250 8BITMIME");
                    case "STARTTLS" -> {
                        reply(c, "220 2.0.0 Ready to start TLS");
                        SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(c, null, c.getPort(), true);
                        t.setUseClientMode(false);
                        t.startHandshake();
                        c = t;
                        secure = true;
                        in = reader(c); // RFC 3207 §4.2: nothing read before the handshake is kept
                    }
                    case "QUIT" -> {
                        reply(c, "221 2.0.0 Bye");
                        c.close();
                        return;
                    }
                    default -> reply(c, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to do
        } finally {
            open.remove(s);
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void reply(Socket s, String text) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
