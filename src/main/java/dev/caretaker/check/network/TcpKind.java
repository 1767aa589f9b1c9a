package dev.caretaker.check.network;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.TcpCheckConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code type: tcp}: a port that must accept connections, optionally over TLS and with an expected first line. */
public final class TcpKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("tcp.up", "boolean", "1 when the port accepted the connection (and the TLS handshake and banner were right)"),
            Metric.of("tcp.connect_ms", "milliseconds", "time to connect, with the TLS handshake when tls is on"),
            Metric.of("tcp.cert_days_left", "days", "days until the TLS certificate expires"));

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public List<String> keys() {
        return List.of("host", "port", "tls", "timeout", "ca_file", "insecure", "expect", "banner");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String host = host(s, "db.example.com");
        if (!s.has("port")) {
            s.problem("'" + s.path() + "' needs 'port', e.g. port: 5432");
        }
        Pattern banner = s.parsed("banner", TcpKind::regex).orElse(null);
        return new TcpCheckConfig(this, draft.name(), draft.description(), host, s.integer("port", 0, 1, 65535), s.bool("tls", false),
                timeout(s, TcpCheckConfig.DEFAULT_TIMEOUT), s.path("ca_file").orElse(null), s.bool("insecure", false),
                NetworkConditions.read(s, "tcp", NetworkConditions.LATENCY_AND_CERT), banner);
    }

    /** The required {@code host}: a name or an address, without scheme or port. */
    static String host(Section s, String example) {
        String host = s.string("host").orElse(null);
        if (host == null) {
            s.problem("'" + s.path() + "' needs 'host', e.g. host: " + example);
        } else if (host.isBlank() || host.contains("/") || host.contains(" ") || host.matches("[^:]+:\\d+")) {
            s.problem("host", "'" + host + "' is not a host name or address; write the name alone (e.g. " + example
                    + ") and the port under 'port'");
        }
        return host == null ? null : host.strip();
    }

    static Duration timeout(Section s, Duration fallback) {
        return s.duration("timeout", fallback, Duration.ofMillis(100), Duration.ofMinutes(5));
    }

    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("banner '" + text + "' is not a regular expression: " + e.getDescription()
                    + " (write e.g. banner: '^SSH-2\\.0-')");
        }
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new TcpCheck((TcpCheckConfig) config);
    }
}
