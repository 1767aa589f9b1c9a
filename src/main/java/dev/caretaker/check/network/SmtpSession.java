package dev.caretaker.check.network;

import dev.caretaker.config.SmtpCheckConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP conversation (RFC 5321) as the smtp check holds it: connect (with TLS from the start for {@code tls}), wait for
 * the 220 greeting, EHLO, STARTTLS (RFC 3207) and EHLO again when asked, QUIT. It remembers what it was doing, for the
 * words of a failure, the certificate it saw and when the last EHLO was answered.
 */
final class SmtpSession implements AutoCloseable {
    /** The server said something else than SMTP asks for; the message says what, in words. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final SmtpCheckConfig config;
    private final SSLContext tls;
    private final Deadline deadline;
    private final Socket plain = new Socket();
    private Socket socket = plain;
    private String doing = "connecting";
    private Instant notAfter;
    private long answeredAt;

    SmtpSession(SmtpCheckConfig config, SSLContext tls, Deadline deadline) {
        this.config = config;
        this.tls = tls;
        this.deadline = deadline;
    }

    /** What the conversation was at, for a failure's words: "connecting", "waiting for the answer to EHLO" … */
    String doing() {
        return doing;
    }

    /** The expiry of the certificate the server showed, or null without TLS. */
    Instant notAfter() {
        return notAfter;
    }

    /** {@link System#nanoTime()} when the last EHLO was answered. */
    long answeredAt() {
        return answeredAt;
    }

    /** Closes the connection when the deadline passes (a server sending one byte at a time holds the check no longer). */
    Deadline.Guard guard() {
        return deadline.guard(plain);
    }

    void run() throws IOException, Refused {
        plain.connect(new InetSocketAddress(config.host(), config.port()), deadline.left());
        if (config.tls()) {
            doing = "the TLS handshake";
            upgrade();
        }
        doing = "waiting for the server's 220 greeting";
        SmtpReply greeting = SmtpReply.read(socket, socket.getInputStream(), deadline);
        if (greeting.code() != 220) {
            throw new Refused("the server greeted with '" + greeting.text() + "' instead of 220 (it refuses connections)");
        }
        // RFC 5321 §4.1.3: this machine's address as a literal, an IPv6 one tagged
        InetAddress local = plain.getLocalAddress();
        String ehlo = "EHLO [" + (local instanceof Inet6Address ? "IPv6:" : "") + local.getHostAddress().split("%")[0] + "]";
        SmtpReply hello = command(ehlo);
        if (hello.code() != 250) {
            throw new Refused("EHLO refused: '" + hello.text() + "'");
        }
        if (config.starttls()) {
            startTls(hello, ehlo);
        }
        answeredAt = System.nanoTime();
        try {
            command("QUIT");
        } catch (IOException e) {
            // the server may close without 221: the check already has what it came for
        }
    }

    private void startTls(SmtpReply hello, String ehlo) throws IOException, Refused {
        if (!hello.offers("STARTTLS")) {
            throw new Refused("the server does not offer STARTTLS (its EHLO lists: " + String.join(", ", hello.extensions())
                    + "); mail to it would travel unencrypted");
        }
        SmtpReply ready = command("STARTTLS");
        if (ready.code() != 220) {
            throw new Refused("STARTTLS refused: '" + ready.text() + "'");
        }
        doing = "the TLS handshake after STARTTLS";
        upgrade();
        SmtpReply again = command(ehlo);
        if (again.code() != 250) {
            throw new Refused("EHLO over TLS refused: '" + again.text() + "'");
        }
    }

    private void upgrade() throws IOException {
        plain.setSoTimeout(deadline.left());
        SSLSocket s = Tls.handshake(tls, plain, config.host(), config.port(), config.insecure());
        socket = s;
        notAfter = Certificates.notAfter(s.getSession()).orElse(null);
    }

    private SmtpReply command(String line) throws IOException {
        doing = "waiting for the answer to " + line.split(" ")[0];
        OutputStream o = socket.getOutputStream();
        o.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.flush();
        return SmtpReply.read(socket, socket.getInputStream(), deadline);
    }

    @Override
    public void close() {
        try {
            socket.close();
            plain.close();
        } catch (IOException ignored) {
            // closing is all that is left
        }
    }
}
