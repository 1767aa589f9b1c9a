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
import dev.caretaker.demo.DemoCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: tcp} against listeners the test opens on 127.0.0.1. */
class TcpCheckTest {
    static final DemoCertificates CERTS = new DemoCertificates();

    @TempDir
    Path dir;

    static CheckResult tcp(int port, String extra) {
        return Run.check("tcp", "host: 127.0.0.1\nport: " + port + "\n" + extra);
    }

    /** Holds the connection open without a word. */
    static void silent(Socket s) throws IOException {
        s.getInputStream().read();
    }

    static Listener.Serve says(String line) {
        return s -> {
            OutputStream o = s.getOutputStream();
            o.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            silent(s);
        };
    }

    @Test
    void an_open_port_is_up_and_its_connect_time_measured() throws Exception {
        try (Listener l = new Listener(null, 0, TcpCheckTest::silent)) {
            CheckResult r = tcp(l.port(), "");
            assertThat(r.findings()).isEmpty();
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.measurements()).extracting(Measurement::metric).containsExactly("tcp.up", "tcp.connect_ms");
            assertThat(r.measurements().get(0).value()).isEqualTo(1.0);
        }
    }

    @Test
    void a_closed_port_is_down_with_connection_refused() throws Exception {
        CheckResult r = tcp(Listener.closedPort(), "");
        Finding f = one(r, "tcp.down");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).startsWith("127.0.0.1:");
        assertThat(f.message()).contains("connection refused");
        assertThat(r.measurements()).singleElement().satisfies(m -> assertThat(m.value()).isZero());
    }

    @Test
    void a_host_name_that_does_not_resolve_is_down_and_says_so() {
        // .invalid never resolves (RFC 6761)
        Finding f = one(Run.check("tcp", "host: db.example.invalid\nport: 5432"), "tcp.down");
        assertThat(f.message()).contains("the host name db.example.invalid does not resolve");
    }

    @Test
    void a_banner_that_matches_is_fine_and_one_that_does_not_is_down() throws Exception {
        try (Listener l = new Listener(null, 0, says("SSH-2.0-OpenSSH_9.6"))) {
            assertThat(tcp(l.port(), "banner: '^SSH-2\\.0-'").findings()).isEmpty();
            Finding f = one(tcp(l.port(), "banner: '^220 '"), "tcp.down");
            assertThat(f.message()).contains("first line 'SSH-2.0-OpenSSH_9.6' does not match banner '^220 '");
        }
    }

    @Test
    void a_port_that_accepts_but_never_sends_its_banner_is_down_at_the_timeout() throws Exception {
        try (Listener l = new Listener(null, 0, TcpCheckTest::silent)) {
            Finding f = one(tcp(l.port(), "banner: '^220 '\ntimeout: 300ms"), "tcp.down");
            assertThat(f.message()).contains("timeout: no answer within 300ms (waiting for the server's first line (banner))");
        }
    }

    @Test
    void slower_than_the_latency_condition_is_slow() throws Exception {
        Path ca = CERTS.writeCa(dir.resolve("ca.pem"));
        // the handshake waits 400 ms before the server answers
        try (Listener l = new Listener(CERTS.serverContext(Duration.ofDays(90)), 400, TcpCheckTest::silent)) {
            String tls = "tls: true\nca_file: " + ca + "\n";
            Finding f = one(tcp(l.port(), tls + "expect: ['latency < 100ms']"), "tcp.slow");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("(expected latency < 100ms)");
            assertThat(tcp(l.port(), tls + "expect: ['latency < 10s']").findings()).isEmpty();
        }
    }

    @Test
    void a_certificate_expiring_in_2_days_is_critical_and_one_of_90_days_is_measured_and_fine() throws Exception {
        Path ca = CERTS.writeCa(dir.resolve("ca.pem"));
        try (Listener soon = new Listener(CERTS.serverContext(Duration.ofDays(2)), 0, TcpCheckTest::silent);
             Listener later = new Listener(CERTS.serverContext(Duration.ofDays(90)), 0, TcpCheckTest::silent)) {
            String tls = "tls: true\nca_file: " + ca + "\n";
            Finding f = one(tcp(soon.port(), tls), "tcp.cert_expiring");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).contains("expires in 1.9 days").contains("renew it");
            assertThat(one(tcp(soon.port(), tls + "expect: ['cert_expiry > 7d']"), "tcp.cert_expiring").severity())
                    .as("under 3 days is critical when the condition fails").isEqualTo(Severity.CRITICAL);
            CheckResult fine = tcp(later.port(), tls);
            assertThat(fine.findings()).isEmpty();
            assertThat(fine.measurements()).filteredOn(m -> m.metric().equals("tcp.cert_days_left")).singleElement()
                    .satisfies(m -> assertThat(m.value()).isBetween(89.0, 90.0));
            assertThat(one(tcp(later.port(), tls + "expect: ['cert_expiry > 120d']"), "tcp.cert_expiring").severity())
                    .isEqualTo(Severity.WARNING);
        }
    }

    @Test
    void an_untrusted_certificate_or_no_tls_at_all_is_down_in_words() throws Exception {
        try (Listener tlsPort = new Listener(CERTS.serverContext(Duration.ofDays(90)), 0, TcpCheckTest::silent);
             Listener plain = new Listener(null, 0, says("220 mail.example.com ESMTP"))) {
            assertThat(one(tcp(tlsPort.port(), "tls: true"), "tcp.down").message())
                    .contains("TLS failure: the server's certificate is not trusted");
            assertThat(tcp(tlsPort.port(), "tls: true\ninsecure: true").findings()).as("insecure still reads the expiry").isEmpty();
            assertThat(one(tcp(plain.port(), "tls: true\ntimeout: 2s"), "tcp.down").message()).contains("TLS failure");
        }
    }

    @Test
    void a_tls_handshake_sent_one_byte_at_a_time_is_down_at_the_timeout_not_when_the_server_is_done() throws Exception {
        // a TLS record header announcing 16 KiB, then a byte every 100 ms for up to 10 s
        Listener.Serve dribble = s -> {
            OutputStream o = s.getOutputStream();
            o.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            for (int i = 0; i < 100; i++) {
                o.write(0);
                o.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        };
        try (Listener l = new Listener(null, 0, dribble)) {
            long start = System.nanoTime();
            Finding f = one(tcp(l.port(), "tls: true\ntimeout: 500ms"), "tcp.down");
            assertThat(f.message()).contains("timeout: no answer within 500ms (the TLS handshake)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before the server is done").isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void bad_keys_are_named_with_what_to_write() {
        assertThatThrownBy(() -> Run.load("""
                checks:
                  a: {type: tcp, host: "db.example.com:5432"}
                  b: {type: tcp, host: db.example.com, port: 5432, expect: ['status == 200'], banner: '(unclosed'}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'checks.a' needs 'port', e.g. port: 5432")
                .hasMessageContaining("'db.example.com:5432' is not a host name or address")
                .hasMessageContaining("a check of type tcp takes only latency and cert_expiry conditions")
                .hasMessageContaining("banner '(unclosed' is not a regular expression");
    }

    @Test
    void validate_connect_looks_the_host_up_and_sends_nothing() throws Exception {
        try (Listener l = new Listener(null, 0, TcpCheckTest::silent)) {
            assertThat(Run.preflight("tcp", "host: localhost\nport: " + l.port())).singleElement()
                    .satisfies(r -> assertThat(r.toString()).contains("level=OK", "localhost resolves (nothing sent to it)"));
            assertThat(l.accepted()).as("no connection was opened").isZero();
        }
        assertThat(Run.preflight("tcp", "host: db.example.invalid\nport: 5432")).singleElement()
                .satisfies(r -> assertThat(r.toString()).contains("level=PROBLEM", "the host name db.example.invalid does not resolve"));
    }
}
