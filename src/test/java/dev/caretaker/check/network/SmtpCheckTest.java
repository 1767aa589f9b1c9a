package dev.caretaker.check.network;

import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Measurement;
import dev.caretaker.check.Status;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.Severity;
import dev.caretaker.config.SmtpCheckConfig;
import dev.caretaker.demo.DemoCertificates;
import dev.caretaker.demo.api.SmtpStandIn;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: smtp} against GreenMail (SMTP, and SMTPS: TLS from the start) and, for STARTTLS, which GreenMail's SMTP server
 * does not offer, against {@link SmtpStandIn}.
 */
class SmtpCheckTest {
    static final DemoCertificates CERTS = new DemoCertificates();

    @TempDir
    Path dir;

    GreenMail mail;

    @BeforeEach
    void start() {
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort()});
        mail.start();
    }

    @AfterEach
    void stop() {
        mail.stop();
    }

    static CheckResult smtp(int port, String extra) {
        return Run.check("smtp", "host: 127.0.0.1\nport: " + port + "\n" + extra);
    }

    @Test
    void greenmail_greets_and_accepts_ehlo_and_no_mail_is_sent() {
        CheckResult r = smtp(mail.getSmtp().getPort(), "");
        assertThat(r.findings()).isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.measurements()).extracting(Measurement::metric).containsExactly("smtp.up", "smtp.response_ms");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttls_required_of_a_server_that_does_not_offer_it_is_down() {
        Finding f = one(smtp(mail.getSmtp().getPort(), "starttls: true"), "smtp.down");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).contains("the server does not offer STARTTLS (its EHLO lists: ").contains("unencrypted");
    }

    @Test
    void smtps_from_the_start_reads_the_certificate() {
        CheckResult r = smtp(mail.getSmtps().getPort(), "tls: true\ninsecure: true");
        assertThat(r.findings()).extracting(Finding::code).doesNotContain("smtp.down");
        assertThat(r.measurements()).extracting(Measurement::metric).contains("smtp.up", "smtp.cert_days_left");
    }

    @Test
    void starttls_with_a_certificate_of_90_days_is_fine_and_of_2_days_critical() throws Exception {
        Path ca = CERTS.writeCa(dir.resolve("ca.pem"));
        try (SmtpStandIn later = new SmtpStandIn(0, "220 mx.test.example ESMTP", 250, CERTS.serverContext(Duration.ofDays(90)));
             SmtpStandIn soon = new SmtpStandIn(0, "220 mx.test.example ESMTP", 250, CERTS.serverContext(Duration.ofDays(2)))) {
            String keys = "starttls: true\nca_file: " + ca;
            CheckResult fine = smtp(later.port(), keys);
            assertThat(fine.findings()).isEmpty();
            assertThat(fine.measurements()).filteredOn(m -> m.metric().equals("smtp.cert_days_left")).singleElement()
                    .satisfies(m -> assertThat(m.value()).isBetween(89.0, 90.0));
            Finding f = one(smtp(soon.port(), keys), "smtp.cert_expiring");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).contains("expires in 1.9 days");
            assertThat(one(smtp(later.port(), keys + "\nexpect: ['cert_expiry > 120d']"), "smtp.cert_expiring").severity())
                    .isEqualTo(Severity.WARNING);
            assertThat(one(smtp(later.port(), "starttls: true"), "smtp.down").message()).as("without ca_file the demo CA is unknown")
                    .contains("TLS failure: the server's certificate is not trusted");
        }
    }

    @Test
    void a_refusing_greeting_a_refused_ehlo_a_silent_server_and_a_closed_port_are_down_in_words() throws Exception {
        try (SmtpStandIn busy = new SmtpStandIn(0, "554 5.3.2 mx.test.example too busy, try later", 250, null);
             SmtpStandIn picky = new SmtpStandIn(0, "220 mx.test.example ESMTP", 500, null);
             Listener silent = new Listener(null, 0, TcpCheckTest::silent)) {
            assertThat(one(smtp(busy.port(), ""), "smtp.down").message())
                    .contains("greeted with '554 5.3.2 mx.test.example too busy, try later' instead of 220");
            assertThat(one(smtp(picky.port(), ""), "smtp.down").message()).contains("EHLO refused: '500 5.5.1 EHLO not accepted here'");
            assertThat(one(smtp(silent.port(), "timeout: 300ms"), "smtp.down").message())
                    .contains("timeout: no answer within 300ms (waiting for the server's 220 greeting)");
        }
        assertThat(one(smtp(Listener.closedPort(), ""), "smtp.down").message()).contains("connection refused");
    }

    @Test
    void defaults_and_bad_keys() {
        assertThat(((SmtpCheckConfig) Run.load("checks:\n  m: {type: smtp, host: mx.example.com}").checks().get("m"))
                .port()).isEqualTo(25);
        assertThat(((SmtpCheckConfig) Run.load("checks:\n  m: {type: smtp, host: mx.example.com, tls: true}").checks()
                .get("m")).port()).isEqualTo(465);
        assertThatThrownBy(() -> Run.load("""
                checks:
                  a: {type: smtp}
                  b: {type: smtp, host: mx.example.com, starttls: true, tls: true, expect: ['latency < 1s']}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.a' needs 'host', e.g. host: mail.example.com")
                .hasMessageContaining("'starttls' and 'tls' exclude each other")
                .hasMessageContaining("a check of type smtp takes only cert_expiry conditions, e.g. 'cert_expiry > 30d'");
    }
}
