package dev.caretaker.check;

import dev.caretaker.TestDatabases;
import dev.caretaker.config.Severity;
import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.demo.DemoCertificates;
import dev.caretaker.demo.StubService;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestDatabases.class)
class HttpCheckTest {
    static final String OK = "{\"status\":\"ok\",\"queue\":{\"depth\":3}}";
    static final DemoCertificates CERTS = new DemoCertificates();

    @TempDir
    Path dir;

    /** The test's database, which {@link TestDatabase#run} runs the checks through; dropped after the test. */
    private TestDatabase db;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
    }

    private CheckResult check(String url, String extra) {
        return db.run(db.config("""
                checks:
                  svc:
                    type: http
                    url: %s
                """.formatted(url) + extra.indent(4)), "svc");
    }

    @Test
    void a_healthy_service_raises_nothing_and_is_measured() throws Exception {
        try (StubService s = StubService.start(0, "/health", 200, OK, Duration.ZERO, null)) {
            CheckResult r = check(s.url(), "expect: ['status == 200', 'json.status == \"ok\"', 'json.queue.depth < 10', 'body contains \"ok\"']");
            assertThat(r.findings()).isEmpty();
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.measurements()).extracting(Measurement::metric).contains("http.latency_ms", "http.status", "http.up");
        }
    }

    @Test
    void a_refused_connection_is_down() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Finding f = one(check("http://127.0.0.1:" + port + "/", ""), "http.down");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).contains("connection refused");
    }

    @Test
    void a_host_name_that_does_not_resolve_is_down_and_says_so() {
        // .invalid never resolves (RFC 6761): with or without a network, the lookup fails on this machine
        Finding f = one(check("https://mysite.invalid/healthz", ""), "http.down");
        assertThat(f.message()).contains("does not resolve").doesNotContain("connection refused");
    }

    @Test
    void no_answer_within_the_timeout_is_down() throws Exception {
        try (StubService s = StubService.start(0, "/", 200, OK, Duration.ofSeconds(3), null)) {
            assertThat(one(check(s.url(), "timeout: 300ms"), "http.down").message()).contains("timeout");
        }
    }

    @Test
    void slow_against_the_latency_condition() throws Exception {
        try (StubService s = StubService.start(0, "/", 200, OK, Duration.ofMillis(400), null)) {
            Finding f = one(check(s.url(), "expect: ['latency < 200ms']"), "http.slow");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(of(check(s.url(), "expect: ['latency < 5s']"), "http.slow")).isEmpty();
        }
    }

    @Test
    void unexpected_status_body_and_json_are_one_finding_listing_each_failure() throws Exception {
        try (StubService s = StubService.start(0, "/", 503, "{\"status\":\"degraded\"}", Duration.ZERO, null)) {
            Finding f = one(check(s.url(), "expect: ['status == 200', 'json.status == \"ok\"', 'body not contains \"degraded\"']"),
                    "http.unexpected_response");
            assertThat(f.message()).contains("status 503").contains("json.status is degraded").contains("body does not satisfy");
        }
    }

    @Test
    void an_error_status_is_unexpected_even_without_conditions() throws Exception {
        try (StubService s = StubService.start(0, "/", 500, "oops", Duration.ZERO, null)) {
            assertThat(one(check(s.url(), ""), "http.unexpected_response").message()).contains("status 500");
        }
    }

    @Test
    void a_certificate_expiring_in_3_days_is_critical_and_one_of_90_days_is_fine() throws Exception {
        Path ca = CERTS.writeCa(dir.resolve("ca.pem"));
        try (StubService soon = StubService.start(0, "/", 200, OK, Duration.ZERO, CERTS.serverContext(Duration.ofDays(3).minusHours(1)));
             StubService later = StubService.start(0, "/", 200, OK, Duration.ZERO, CERTS.serverContext(Duration.ofDays(90)))) {
            Finding f = one(check(soon.url(), "ca_file: " + ca + "\nexpect: ['cert_expiry > 14d']"), "http.cert_expiring");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat((Double) f.evidence().get("days_left")).isLessThan(3.0);
            CheckResult fine = check(later.url(), "ca_file: " + ca);
            assertThat(fine.findings()).isEmpty();
            assertThat(fine.measurements()).extracting(Measurement::metric).contains("http.cert_days_left");
        }
    }

    @Test
    void an_untrusted_certificate_is_down_unless_insecure_which_still_reads_its_expiry() throws Exception {
        try (StubService s = StubService.start(0, "/", 200, OK, Duration.ZERO, CERTS.serverContext(Duration.ofDays(5)))) {
            assertThat(one(check(s.url(), ""), "http.down").message()).contains("TLS failure");
            CheckResult insecure = check(s.url(), "insecure: true");
            assertThat(of(insecure, "http.down")).isEmpty();
            assertThat(one(insecure, "http.cert_expiring").severity()).isEqualTo(Severity.WARNING);
        }
    }

    @Test
    void a_missing_ca_file_makes_the_check_unknown() throws Exception {
        try (StubService s = StubService.start(0, "/", 200, OK, Duration.ZERO, CERTS.serverContext(Duration.ofDays(90)))) {
            CheckResult r = check(s.url(), "ca_file: " + dir.resolve("nope.pem"));
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).contains("nope.pem");
        }
    }

    @Test
    void header_secrets_never_reach_the_result() throws Exception {
        try (StubService s = StubService.start(0, "/", 401, "{\"error\":\"bad token Zoho-oauthtoken sekrit-123\"}", Duration.ZERO, null)) {
            CheckResult r = check(s.url(), "headers: {Authorization: 'Zoho-oauthtoken sekrit-123'}");
            Finding f = one(r, "http.unexpected_response");
            assertThat(f.evidence().get("body_start").toString()).doesNotContain("sekrit-123").contains("********");
        }
    }
}
