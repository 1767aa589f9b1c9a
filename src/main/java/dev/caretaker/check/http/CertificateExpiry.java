package dev.caretaker.check.http;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.Condition;
import dev.caretaker.config.HttpCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate's expiry judged one way for every check that meets one (http, tcp, smtp): warning under 14 days or when the
 * {@code cert_expiry} condition fails, critical under 3; days rounded down to one decimal.
 */
public final class CertificateExpiry {
    private CertificateExpiry() {
    }

    /** Days from {@code now} to {@code notAfter}, to one decimal (rounded down). */
    public static double days(Instant notAfter, Instant now) {
        return Math.floor(Duration.between(now, notAfter).toMillis() / 8_640_000.0) / 10;
    }

    /** "expires in 19.9 days" or "expired 3.0 days ago", the days rounded down. */
    public static String when(Duration left) {
        double days = Math.floor(Math.abs(left.toMillis()) / 8_640_000.0) / 10;
        return left.isNegative() ? String.format(Locale.ROOT, "expired %.1f days ago", days)
                : String.format(Locale.ROOT, "expires in %.1f days", days);
    }

    /**
     * Finds {@code code} on {@code subject} when the certificate expires too soon ({@code rule} null: the default levels);
     * {@code what} names whose certificate it is in the message, {@code key} the subject's name in the evidence. The caller
     * measures {@link #days}.
     */
    public static void judge(String what, String key, String subject, Instant notAfter, Instant now, Condition rule, String code,
                             ResultBuilder out) {
        Duration left = Duration.between(now, notAfter);
        boolean failing = rule == null ? left.compareTo(HttpCheckConfig.DEFAULT_CERT_WARNING) < 0
                : !rule.operator().compare(left.toMillis(), rule.expectedDuration().toMillis());
        if (!failing) {
            return;
        }
        Severity s = left.compareTo(HttpCheckConfig.DEFAULT_CERT_CRITICAL) < 0 ? Severity.CRITICAL : Severity.WARNING;
        String expected = rule == null ? "cert_expiry >= " + Units.formatDuration(HttpCheckConfig.DEFAULT_CERT_WARNING) : rule.text();
        out.find(new Finding(code, s, subject, "the TLS certificate of " + what + " " + when(left) + " (" + notAfter + "); renew it",
                Map.of(key, subject, "not_after", notAfter.toString(), "days_left", days(notAfter, now), "expected", expected)));
    }
}
