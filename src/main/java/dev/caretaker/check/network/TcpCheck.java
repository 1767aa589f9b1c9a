package dev.caretaker.check.network;

import dev.caretaker.check.http.CertificateExpiry;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.ConfiguredCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.http.TrustSettings;
import dev.caretaker.config.Condition;
import dev.caretaker.config.Severity;
import dev.caretaker.config.TcpCheckConfig;
import dev.caretaker.config.Units;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** {@code type: tcp}: connects to a port (with TLS if asked), reads the first line if a banner is expected, and judges it. */
public final class TcpCheck extends ConfiguredCheck<TcpCheckConfig> {
    public TcpCheck(TcpCheckConfig config) {
        super(config);
    }

    private String subject() {
        return Hosts.address(config.host(), config.port());
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        SSLContext tls = null;
        if (config.tls()) {
            try {
                tls = TrustSettings.context(config.caFile(), config.insecure());
            } catch (GeneralSecurityException | IOException e) {
                return out.error("cannot use ca_file " + config.caFile() + ": " + e.getMessage() + "; give a readable PEM file of CA "
                        + "certificates").build();
            }
        }
        Deadline deadline = new Deadline(config.timeout());
        String doing = "connecting";
        long start = System.nanoTime();
        Socket socket = new Socket();
        try (Deadline.Guard guard = deadline.guard(socket)) {
            socket.connect(new InetSocketAddress(config.host(), config.port()), deadline.left());
            Instant notAfter = null;
            if (tls != null) {
                doing = "the TLS handshake";
                socket.setSoTimeout(deadline.left());
                SSLSocket s = Tls.handshake(tls, socket, config.host(), config.port(), config.insecure());
                socket = s;
                notAfter = Certificates.notAfter(s.getSession()).orElse(null);
            }
            long connectMs = (System.nanoTime() - start) / 1_000_000;
            String banner = null;
            if (config.banner() != null) {
                doing = "waiting for the server's first line (banner)";
                banner = Lines.read(socket, socket.getInputStream(), deadline);
            }
            judge(connectMs, notAfter, banner, context, out);
        } catch (IOException e) {
            IOException cause = deadline.passed() ? new SocketTimeoutException() : e; // the guard closed it
            down(Causes.of(cause, config.host(), config.port(), doing, config.timeout()), out);
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left
            }
        }
        return out.build();
    }

    private void down(String reason, ResultBuilder out) {
        out.measure("tcp.up", 0, "check", name());
        out.find(new Finding("tcp.down", Severity.CRITICAL, subject(), name() + " (" + subject() + ") is down: " + reason,
                Map.of("address", subject(), "reason", reason)));
    }

    private void judge(long connectMs, Instant notAfter, String banner, CheckContext context, ResultBuilder out) {
        if (config.banner() != null && (banner == null || !config.banner().matcher(banner).find())) {
            String reason = banner == null ? "the server closed the connection without sending a first line (banner expected to match '"
                    + config.banner().pattern() + "')"
                    : "its first line '" + Lines.abbreviate(banner) + "' does not match banner '" + config.banner().pattern() + "'";
            down(reason, out);
            return;
        }
        out.measure("tcp.up", 1, "check", name());
        out.measure("tcp.connect_ms", connectMs, "check", name());
        Condition latency = NetworkConditions.about(config.expect(), Condition.Subject.LATENCY).orElse(null);
        boolean slow = latency == null ? connectMs > TcpCheckConfig.DEFAULT_SLOW.toMillis()
                : !latency.operator().compare(connectMs, latency.expectedDuration().toMillis());
        if (slow) {
            String expected = latency == null ? "latency <= " + Units.formatDuration(TcpCheckConfig.DEFAULT_SLOW) : latency.text();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("address", subject());
            e.put("connect_ms", connectMs);
            e.put("expected", expected);
            out.find(new Finding("tcp.slow", Severity.WARNING, subject(), name() + " (" + subject() + ") took " + connectMs
                    + " ms to connect (expected " + expected + ")", e));
        }
        Condition cert = NetworkConditions.about(config.expect(), Condition.Subject.CERT_EXPIRY).orElse(null);
        if (notAfter != null) {
            out.measure("tcp.cert_days_left", CertificateExpiry.days(notAfter, context.clock().instant()), "check", name());
            CertificateExpiry.judge(name() + " (" + subject() + ")", "address", subject(), notAfter, context.clock().instant(), cert,
                    "tcp.cert_expiring", out);
        }
    }

    /** No connection is opened; only the host name is looked up. */
    @Override
    public List<Readiness> preflight(CheckContext context) {
        return Hosts.preflight(name(), config.host());
    }
}
