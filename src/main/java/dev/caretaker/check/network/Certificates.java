package dev.caretaker.check.network;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.Condition;
import dev.caretaker.config.HttpCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The server certificate's expiry, judged as the http check judges it: warning under 14 days (or the condition), critical under 3. */
final class Certificates {
    private Certificates() {
    }

    static Optional<Instant> notAfter(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x.getNotAfter().toInstant()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** Days from {@code now} to {@code notAfter}, to one decimal (rounded down). */
    static double days(Instant notAfter, Instant now) {
        return Math.floor(Duration.between(now, notAfter).toMillis() / 8_640_000.0) / 10;
    }

    /** Finds {@code code} when the certificate expires too soon (the caller measures {@link #days}). */
    static void judge(String check, String subject, Instant notAfter, Instant now, Condition rule, String code, ResultBuilder out) {
        Duration left = Duration.between(now, notAfter);
        double days = days(notAfter, now);
        boolean failing = rule == null ? left.compareTo(HttpCheckConfig.DEFAULT_CERT_WARNING) < 0
                : !rule.operator().compare(left.toMillis(), rule.expectedDuration().toMillis());
        if (!failing) {
            return;
        }
        Severity s = left.compareTo(HttpCheckConfig.DEFAULT_CERT_CRITICAL) < 0 ? Severity.CRITICAL : Severity.WARNING;
        String expected = rule == null ? "cert_expiry >= " + Units.formatDuration(HttpCheckConfig.DEFAULT_CERT_WARNING) : rule.text();
        String when = when(left);
        out.find(new Finding(code, s, subject, "the TLS certificate of " + check + " (" + subject + ") " + when + " (" + notAfter
                + "); renew it", Map.of("address", subject, "not_after", notAfter.toString(), "days_left", days, "expected", expected)));
    }

    /** "expires in 19.9 days" or "expired 3.0 days ago", the days rounded down. */
    static String when(Duration left) {
        double days = Math.floor(Math.abs(left.toMillis()) / 8_640_000.0) / 10;
        return left.isNegative() ? String.format(Locale.ROOT, "expired %.1f days ago", days)
                : String.format(Locale.ROOT, "expires in %.1f days", days);
    }
}
