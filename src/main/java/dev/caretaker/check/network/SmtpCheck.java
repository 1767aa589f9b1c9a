package dev.caretaker.check.network;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.http.TrustSettings;
import dev.caretaker.config.Condition;
import dev.caretaker.config.Severity;
import dev.caretaker.config.SmtpCheckConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * {@code type: smtp}: speaks SMTP (RFC 5321) to the server itself — waits for its 220 greeting, says EHLO, upgrades with
 * STARTTLS (RFC 3207) when asked and says EHLO again, then QUIT — and judges the certificate. No mail is sent.
 */
public final class SmtpCheck extends ConfiguredCheck<SmtpCheckConfig> {
    public SmtpCheck(SmtpCheckConfig config) {
        super(config);
    }

    /** What went wrong in the dialogue, in words: the server said something else than SMTP asks for. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private String subject() {
        return Hosts.address(config.host(), config.port());
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        SSLContext tls = null;
        if (config.tls() || config.starttls()) {
            try {
                tls = TrustSettings.context(config.caFile(), config.insecure());
            } catch (GeneralSecurityException | IOException e) {
                return out.error("cannot use ca_file " + config.caFile() + ": " + e.getMessage() + "; give a readable PEM file of CA "
                        + "certificates").build();
            }
        }
        Deadline deadline = new Deadline(config.timeout());
        long start = System.nanoTime();
        Socket socket = new Socket();
        String[] doing = {"connecting"};
        try (Deadline.Guard guard = deadline.guard(socket)) {
            socket.connect(new InetSocketAddress(config.host(), config.port()), deadline.left());
            Instant notAfter = null;
            if (config.tls()) {
                doing[0] = "the TLS handshake";
                socket.setSoTimeout(deadline.left());
                SSLSocket s = Tls.handshake(tls, socket, config.host(), config.port(), config.insecure());
                socket = s;
                notAfter = Certificates.notAfter(s.getSession()).orElse(null);
            }
            Socket[] current = {socket};
            notAfter = dialogue(current, tls, deadline, doing, notAfter);
            socket = current[0];
            long ms = (System.nanoTime() - start) / 1_000_000;
            out.measure("smtp.up", 1, "check", name());
            out.measure("smtp.response_ms", ms, "check", name());
            if (notAfter != null) {
                Instant now = context.clock().instant();
                out.measure("smtp.cert_days_left", Certificates.days(notAfter, now), "check", name());
                Condition rule = NetworkConditions.about(config.expect(), Condition.Subject.CERT_EXPIRY).orElse(null);
                Certificates.judge(name(), subject(), notAfter, now, rule, "smtp.cert_expiring", out);
            }
        } catch (Refused e) {
            down(e.getMessage(), out);
        } catch (IOException e) {
            IOException cause = deadline.passed() ? new SocketTimeoutException() : e; // the guard closed it
            down(Causes.of(cause, config.host(), config.port(), doing[0], config.timeout()), out);
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left
            }
        }
        return out.build();
    }

    /** Greeting, EHLO, STARTTLS and EHLO again if asked, QUIT; returns the certificate's expiry of a TLS connection. */
    private Instant dialogue(Socket[] socket, SSLContext tls, Deadline deadline, String[] doing, Instant notAfter)
            throws IOException, Refused {
        doing[0] = "waiting for the server's 220 greeting";
        SmtpReply greeting = SmtpReply.read(socket[0], socket[0].getInputStream(), deadline);
        if (greeting.code() != 220) {
            throw new Refused("the server greeted with '" + greeting.text() + "' instead of 220 (it refuses connections)");
        }
        // RFC 5321 §4.1.3: this machine's address as a literal, an IPv6 one tagged
        InetAddress local = socket[0].getLocalAddress();
        String ehlo = "EHLO [" + (local instanceof Inet6Address ? "IPv6:" : "") + local.getHostAddress().split("%")[0] + "]";
        SmtpReply hello = command(socket[0], ehlo, deadline, doing);
        if (hello.code() != 250) {
            throw new Refused("EHLO refused: '" + hello.text() + "'");
        }
        if (config.starttls()) {
            if (!hello.offers("STARTTLS")) {
                throw new Refused("the server does not offer STARTTLS (its EHLO lists: " + String.join(", ", hello.extensions())
                        + "); mail to it would travel unencrypted");
            }
            SmtpReply ready = command(socket[0], "STARTTLS", deadline, doing);
            if (ready.code() != 220) {
                throw new Refused("STARTTLS refused: '" + ready.text() + "'");
            }
            doing[0] = "the TLS handshake after STARTTLS";
            socket[0].setSoTimeout(deadline.left());
            SSLSocket s = Tls.handshake(tls, socket[0], config.host(), config.port(), config.insecure());
            socket[0] = s;
            notAfter = Certificates.notAfter(s.getSession()).orElse(null);
            SmtpReply again = command(socket[0], ehlo, deadline, doing);
            if (again.code() != 250) {
                throw new Refused("EHLO over TLS refused: '" + again.text() + "'");
            }
        }
        try {
            command(socket[0], "QUIT", deadline, doing);
        } catch (IOException e) {
            // the server may close without 221: the check already has what it came for
        }
        return notAfter;
    }

    private static SmtpReply command(Socket s, String line, Deadline deadline, String[] doing) throws IOException {
        doing[0] = "waiting for the answer to " + line.split(" ")[0];
        OutputStream o = s.getOutputStream();
        o.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.flush();
        return SmtpReply.read(s, s.getInputStream(), deadline);
    }

    private void down(String reason, ResultBuilder out) {
        out.measure("smtp.up", 0, "check", name());
        out.find(new Finding("smtp.down", Severity.CRITICAL, subject(), "the mail server " + name() + " (" + subject() + ") is down: "
                + reason, Map.of("address", subject(), "reason", reason)));
    }

    /** No connection is opened; only the host name is looked up. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        return Hosts.preflight(name(), config.host());
    }
}
