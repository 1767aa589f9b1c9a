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
import dev.caretaker.config.SmtpCheckConfig;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * {@code type: smtp}: speaks SMTP (RFC 5321) to the server itself — waits for its 220 greeting, says EHLO, upgrades with
 * STARTTLS (RFC 3207) when asked and says EHLO again, then QUIT — and judges the certificate. No mail is sent.
 */
public final class SmtpCheck extends ConfiguredCheck<SmtpCheckConfig> {
    public SmtpCheck(SmtpCheckConfig config) {
        super(config);
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
        SmtpSession session = new SmtpSession(config, tls, deadline);
        try (session; Deadline.Guard guard = session.guard()) {
            session.run();
            out.measure("smtp.up", 1, "check", name());
            out.measure("smtp.response_ms", (session.answeredAt() - start) / 1_000_000, "check", name());
            if (session.notAfter() != null) {
                Instant now = context.clock().instant();
                out.measure("smtp.cert_days_left", CertificateExpiry.days(session.notAfter(), now), "check", name());
                Condition rule = NetworkConditions.about(config.expect(), Condition.Subject.CERT_EXPIRY).orElse(null);
                CertificateExpiry.judge(name() + " (" + subject() + ")", "address", subject(), session.notAfter(), now, rule,
                        "smtp.cert_expiring", out);
            }
        } catch (SmtpSession.Refused e) {
            down(e.getMessage(), out);
        } catch (IOException e) {
            IOException cause = deadline.passed() ? new SocketTimeoutException() : e; // the guard closed it
            down(Causes.of(cause, config.host(), config.port(), session.doing(), config.timeout()), out);
        }
        return out.build();
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
