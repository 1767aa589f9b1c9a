package dev.caretaker.check.network;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Condition;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.SmtpCheckConfig;
import java.util.EnumSet;
import java.util.List;

/** {@code type: smtp}: a mail server's greeting, EHLO and STARTTLS, and its certificate's expiry. */
public final class SmtpKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("smtp.up", "boolean", "1 when the server greeted, accepted EHLO and (if asked) STARTTLS"),
            Metric.of("smtp.response_ms", "milliseconds", "time from connecting to the server's answer to the last EHLO"),
            Metric.of("smtp.cert_days_left", "days", "days until the server's TLS certificate expires"));

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public List<String> keys() {
        return List.of("host", "port", "starttls", "tls", "timeout", "ca_file", "insecure", "expect");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String host = TcpKind.host(s, "mail.example.com");
        boolean starttls = s.bool("starttls", false);
        boolean tls = s.bool("tls", false);
        if (starttls && tls) {
            s.problem("starttls", "'starttls' and 'tls' exclude each other: starttls upgrades a plain connection (port 25 or 587), "
                    + "tls speaks TLS from the start (port 465)");
        }
        int port = s.integer("port", tls ? SmtpCheckConfig.DEFAULT_TLS_PORT : SmtpCheckConfig.DEFAULT_PORT, 1, 65535);
        return new SmtpCheckConfig(this, draft.name(), draft.description(), host, port, starttls, tls,
                TcpKind.timeout(s, SmtpCheckConfig.DEFAULT_TIMEOUT), s.path("ca_file").orElse(null), s.bool("insecure", false),
                NetworkConditions.read(s, "smtp", EnumSet.of(Condition.Subject.CERT_EXPIRY)));
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new SmtpCheck((SmtpCheckConfig) config);
    }
}
