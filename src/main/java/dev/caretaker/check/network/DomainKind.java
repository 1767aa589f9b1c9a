package dev.caretaker.check.network;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DomainCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import java.net.IDN;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code type: domain}: when a domain's registration expires, from the registry's RDAP service. */
public final class DomainKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("domain.days_left", "days", "days until the domain's registration expires, as its registry says over RDAP"));

    @Override
    public String name() {
        return "domain";
    }

    @Override
    public List<String> keys() {
        return List.of("name", "base_url", "warning", "critical", "timeout");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String domain = s.parsed("name", DomainKind::domainName).orElse(null);
        if (!s.has("name")) {
            s.problem("'" + s.path() + "' needs 'name': the registered domain, e.g. name: example.com");
        }
        URI base = s.url("base_url", List.of("http", "https"), "https://rdap.org").orElse(DomainCheckConfig.DEFAULT_BASE_URL);
        Duration warning = s.duration("warning", DomainCheckConfig.DEFAULT_WARNING, Duration.ofDays(1), Duration.ofDays(366));
        Duration critical = s.duration("critical", DomainCheckConfig.DEFAULT_CRITICAL, Duration.ofHours(1), Duration.ofDays(366));
        if (critical.compareTo(warning) > 0) {
            s.problem("critical", "'critical' (" + s.string("critical", "7d") + ") is longer than 'warning' (" + s.string("warning", "30d")
                    + "); critical is the shorter time left, e.g. warning: 30d, critical: 7d");
        }
        return new DomainCheckConfig(this, draft.name(), draft.description(), domain, base, warning, critical,
                TcpKind.timeout(s, DomainCheckConfig.DEFAULT_TIMEOUT));
    }

    /** A registered domain name in its ASCII form (an internationalised name becomes its xn-- form). */
    static String domainName(String text) {
        String t = text.strip();
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(t, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            ascii = "";
        }
        if (!ascii.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}")) {
            throw new IllegalArgumentException("'" + text + "' is not a domain name; write the registered name alone, e.g. "
                    + "name: example.com (no scheme, path or port)");
        }
        return ascii;
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new DomainCheck((DomainCheckConfig) config);
    }
}
