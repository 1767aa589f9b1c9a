package dev.caretaker.check.network;

import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.DomainCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.demo.api.RdapStandIn;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code type: domain} against an RDAP stand-in that speaks RFC 9083 (see {@link RdapStandIn}). */
class DomainCheckTest {
    RdapStandIn rdap;

    @BeforeEach
    void start() throws Exception {
        rdap = new RdapStandIn();
    }

    @AfterEach
    void stop() {
        rdap.close();
    }

    CheckResult domain(String name, String extra) {
        return Run.check("domain", "name: " + name + "\nbase_url: " + rdap.url() + "\n" + extra);
    }

    @Test
    void a_far_expiry_is_measured_and_fine() {
        rdap.domain("example.com", Instant.now().plus(Duration.ofDays(200)));
        CheckResult r = domain("example.com", "");
        assertThat(r.findings()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.measurements()).singleElement().satisfies(m -> {
            assertThat(m.metric()).isEqualTo("domain.days_left");
            assertThat(m.value()).isBetween(199.0, 200.0);
        });
    }

    @Test
    void a_domain_expiring_in_20_days_is_a_warning_and_in_5_days_critical() {
        rdap.domain("example.com", Instant.now().plus(Duration.ofDays(20))).domain("example.org", Instant.now().plus(Duration.ofDays(5)));
        Finding warning = one(domain("example.com", ""), "domain.expiring");
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.subject()).isEqualTo("example.com");
        assertThat(warning.message()).startsWith("the registration of example.com expires in 19.9 days").contains("renew it");
        Finding critical = one(domain("example.org", ""), "domain.expiring");
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.evidence()).containsEntry("rdap", rdap.url() + "/domain/example.org");
        assertThat(domain("example.com", "warning: 14d\ncritical: 3d").findings()).as("levels of its own").isEmpty();
    }

    @Test
    void an_expired_domain_is_critical_and_says_since_when() {
        rdap.domain("example.net", Instant.now().minus(Duration.ofDays(3)));
        Finding f = one(domain("example.net", ""), "domain.expiring");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).contains("expired 3.0 days ago");
    }

    @Test
    void the_redirect_of_a_bootstrap_service_is_followed() {
        rdap.domain("example.com", Instant.now().plus(Duration.ofDays(10)));
        CheckResult r = Run.check("domain", "name: Example.COM\nbase_url: " + rdap.url() + "/bootstrap");
        assertThat(one(r, "domain.expiring").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void an_unknown_domain_or_one_without_an_expiration_date_is_unknown_in_words() {
        CheckResult unknown = domain("no-such-name.com", "");
        assertThat(unknown.status()).isEqualTo(Status.UNKNOWN);
        assertThat(unknown.error()).contains("has no record of no-such-name.com (404 Not Found)");
        rdap.domain("example.de", null);
        CheckResult undated = domain("example.de", "");
        assertThat(undated.status()).isEqualTo(Status.UNKNOWN);
        assertThat(undated.error()).contains("publishes no expiration date for example.de");
    }

    @Test
    void an_rdap_error_is_unknown_in_the_registrys_words() {
        rdap.failing("example.io");
        CheckResult r = domain("example.io", "");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.findings()).isEmpty();
        assertThat(r.error()).contains("answered 503 for example.io: Service Unavailable: The registry database is under maintenance. "
                + "Try again after 06:00 UTC.");
    }

    @Test
    void an_unreachable_rdap_service_is_unknown_not_an_expiry() throws Exception {
        CheckResult r = Run.check("domain", "name: example.com\nbase_url: http://127.0.0.1:" + Listener.closedPort());
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.findings()).isEmpty();
        assertThat(r.error()).contains("cannot read example.com from the RDAP service").contains("connection refused");
    }

    @Test
    void bad_keys_are_named_with_what_to_write() {
        assertThatThrownBy(() -> Run.load("""
                checks:
                  a: {type: domain}
                  b: {type: domain, name: "https://example.com/", warning: 7d, critical: 30d}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.a' needs 'name': the registered domain, e.g. name: example.com")
                .hasMessageContaining("'https://example.com/' is not a domain name")
                .hasMessageContaining("'critical' (30d) is longer than 'warning' (7d)");
    }

    @Test
    void the_default_rdap_service_is_rdap_org_and_validate_connect_sends_nothing() {
        assertThat(((DomainCheckConfig) Run.load("checks:\n  d: {type: domain, name: example.com}").checks().get("d"))
                .query()).hasToString("https://rdap.org/domain/example.com");
        assertThat(Run.preflight("domain", "name: example.com\nbase_url: " + rdap.url())).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains("level=OK", "127.0.0.1 resolves (nothing sent to it)"));
    }
}
