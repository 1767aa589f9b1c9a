package dev.caretaker.check.network;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DnsCheckConfig;
import dev.caretaker.config.DnsCondition;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code type: dns}: one name and record type asked of a resolver, with conditions on the answer and the time to it. */
public final class DnsKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("dns.up", "boolean", "1 when the resolver answered with at least one record of the type asked"),
            Metric.of("dns.latency_ms", "milliseconds", "time the resolver took to answer"),
            Metric.of("dns.answers", "records", "records of the type asked in the answer"));

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public List<String> keys() {
        return List.of("name", "record", "resolver", "timeout", "expect");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String domain = s.parsed("name", DnsKind::name).orElse(null);
        if (!s.has("name")) {
            s.problem("'" + s.path() + "' needs 'name': the name to look up, e.g. name: example.com");
        }
        String record = s.string("record", DnsCheckConfig.DEFAULT_RECORD).toUpperCase(Locale.ROOT);
        s.oneOf("record", record, Set.copyOf(DnsCheckConfig.RECORDS));
        String[] resolver = s.parsed("resolver", DnsKind::resolver).orElse(new String[] {null, "53"});
        return new DnsCheckConfig(this, draft.name(), draft.description(), domain, record, resolver[0], Integer.parseInt(resolver[1]),
                TcpKind.timeout(s, DnsCheckConfig.DEFAULT_TIMEOUT), s.items("expect", DnsCondition::parse));
    }

    private static String name(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.contains("/") || t.contains(" ") || t.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not a DNS name; write the name alone, e.g. name: example.com");
        }
        return t;
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address, as host and port. */
    static String[] resolver(String text) {
        String t = text.strip();
        String host = t;
        String port = "53";
        if (t.startsWith("[") && t.contains("]")) {
            host = t.substring(1, t.indexOf(']'));
            String rest = t.substring(t.indexOf(']') + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                host = "";
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        }
        if (host.isBlank() || host.contains("/") || host.contains(" ") || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("resolver '" + text + "' is not HOST or HOST:PORT (e.g. 1.1.1.1, 10.0.0.2:53 or "
                    + "[2606:4700:4700::1111]:53); leave it out to ask the system's resolvers");
        }
        return new String[] {host, port};
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new DnsCheck((DnsCheckConfig) config);
    }
}
