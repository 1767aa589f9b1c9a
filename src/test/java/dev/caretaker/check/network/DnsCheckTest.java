package dev.caretaker.check.network;

import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.Severity;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code type: dns} against a DNS server on 127.0.0.1 that answers from a zone the test writes ({@link DnsStandIn}). */
class DnsCheckTest {
    DnsStandIn dns;

    @BeforeEach
    void start() throws Exception {
        dns = new DnsStandIn()
                .record("shop.example. 300 IN A 192.0.2.10")
                .record("shop.example. 300 IN A 192.0.2.11")
                .record("shop.example. 300 IN AAAA 2001:db8::10")
                .record("www.shop.example. 300 IN CNAME shop.example.")
                .record("shop.example. 300 IN NS ns1.dns.example.")
                .record("shop.example. 300 IN NS ns2.dns.example.")
                .record("shop.example. 300 IN TXT \"v=spf1 include:_spf.mail.example ~all\"")
                .record("shop.example. 300 IN MX 10 mx1.mail.example.")
                .record("shop.example. 300 IN MX 20 mx2.mail.example.")
                .record("hijacked.example. 300 IN MX 10 mx.attacker.example.")
                .broken("dnssec-broken.example.")
                .silent("slow.example.");
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    CheckResult lookup(String name, String record, String extra) {
        return Run.check("dns", "name: " + name + "\nrecord: " + record + "\nresolver: " + dns.address() + "\n" + extra);
    }

    @Test
    void the_right_mx_meets_its_conditions_and_is_measured() {
        CheckResult r = lookup("shop.example", "MX", "expect: ['answer contains mx1.mail.example', 'count >= 2', 'latency < 10s']");
        assertThat(r.findings()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.measurements()).extracting(Measurement::metric).containsExactly("dns.up", "dns.latency_ms", "dns.answers");
        assertThat(r.measurements().get(2).value()).isEqualTo(2.0);
    }

    @Test
    void a_wrong_mx_is_an_unexpected_answer_naming_what_came() {
        Finding f = one(lookup("hijacked.example", "mx", "expect: ['answer contains mx1.mail.example']"), "dns.unexpected_answer");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo("hijacked.example MX");
        assertThat(f.message()).contains("answered 10 mx.attacker.example, but expected answer contains mx1.mail.example");
        assertThat(f.evidence()).containsEntry("answers", List.of("10 mx.attacker.example"));
    }

    @Test
    void each_record_type_reads_as_written() {
        assertThat(lookup("shop.example", "A", "expect: ['answer == \"192.0.2.11, 192.0.2.10\"']").findings()).isEmpty();
        assertThat(lookup("shop.example", "AAAA", "expect: ['answer == 2001:db8::10']").findings()).isEmpty();
        assertThat(lookup("www.shop.example", "CNAME", "expect: ['answer == shop.example.']").findings()).isEmpty();
        assertThat(lookup("shop.example", "NS", "expect: ['answer == \"ns1.dns.example, ns2.dns.example\"', 'count == 2']").findings()).isEmpty();
        assertThat(lookup("shop.example", "TXT", "expect: ['answer contains \"v=spf1 include:_spf.mail.example\"']").findings()).isEmpty();
        assertThat(one(lookup("shop.example", "A", "expect: ['answer != \"192.0.2.10, 192.0.2.11\"']"), "dns.unexpected_answer")
                .severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void nxdomain_servfail_no_data_and_silence_fail_in_words() {
        assertThat(one(lookup("gone.example", "A", ""), "dns.failed").message()).contains("gone.example does not exist (NXDOMAIN");
        assertThat(one(lookup("dnssec-broken.example", "A", ""), "dns.failed").message()).contains("SERVFAIL");
        assertThat(one(lookup("www.shop.example", "MX", ""), "dns.failed").message())
                .contains("www.shop.example has no MX record (the name exists");
        Finding timeout = one(lookup("slow.example", "A", "timeout: 300ms"), "dns.failed");
        assertThat(timeout.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(timeout.message()).contains("no answer from resolver " + dns.address() + " within 300ms");
    }

    @Test
    void a_resolver_where_nothing_listens_fails_in_words() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Finding f = one(Run.check("dns", "name: shop.example\nresolver: 127.0.0.1:" + port + "\ntimeout: 1s"), "dns.failed");
        assertThat(f.message()).satisfiesAnyOf(
                m -> assertThat(m).contains("nothing answers DNS at resolver 127.0.0.1:" + port + " (port unreachable)"),
                m -> assertThat(m).contains("no answer from resolver 127.0.0.1:" + port + " within 1s")).doesNotContain("null");
    }

    @Test
    void bad_keys_are_named_with_what_to_write() {
        assertThatThrownBy(() -> Run.load("""
                checks:
                  a: {type: dns, record: MX}
                  b: {type: dns, name: example.com, record: SRV, resolver: "dns://1.1.1.1", expect: ['answer > 3', 'answer is mx1']}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.a' needs 'name'")
                .hasMessageContaining("SRV")
                .hasMessageContaining("resolver 'dns://1.1.1.1' is not HOST or HOST:PORT")
                .hasMessageContaining("answer takes contains, not contains, == or !=")
                .hasMessageContaining("cannot read condition 'answer is mx1': write one of answer contains VALUE");
    }

    @Test
    void validate_connect_sends_no_question() {
        assertThat(Run.preflight("dns", "name: shop.example\nresolver: " + dns.address())).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains("level=OK", "127.0.0.1 resolves"));
        assertThat(dns.questions()).isZero();
    }
}
