package dev.caretaker.check;

import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.Severity;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** retries / retry_interval: a failed probe is tried again before its findings count; the attempts are in the evidence. */
@ExtendWith(TestDatabases.class)
class RetryTest {
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
    void one_dropped_answer_is_taken_back_by_a_retry_and_said_as_information() throws Exception {
        try (Receiver svc = new Receiver(200)) {
            svc.failNext(1);
            CheckResult r = check(svc.url("/health"), "retries: 2\nretry_interval: 200ms");
            assertThat(r.status()).isEqualTo(Status.OK);
            Finding f = one(r, "http.retried");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.message()).contains("answered on retry 1 of 2");
            assertThat(f.evidence()).containsEntry("judgement", "ok on attempt 2 of 3");
            assertThat(f.evidence().get("first_failure").toString()).contains("http.unexpected_response").contains("503");
            assertThat((List<?>) f.evidence().get("attempts")).hasSize(2);
            assertThat(svc.requests).hasSize(2);
        }
    }

    @Test
    void a_failure_that_stays_is_confirmed_with_every_attempt_in_its_evidence() throws Exception {
        try (Receiver svc = new Receiver(200)) {
            svc.failNext(10);
            CheckResult r = check(svc.url("/health"), "retries: 2\nretry_interval: 100ms");
            Finding f = one(r, "http.unexpected_response");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).endsWith("(confirmed by 2 retries)");
            assertThat(f.evidence()).containsEntry("judgement", "failed 3 time(s) in a row, 100ms apart");
            assertThat((List<?>) f.evidence().get("attempts")).hasSize(3);
            assertThat(svc.requests).hasSize(3);
        }
    }

    @Test
    void without_retries_the_first_failure_counts_at_once() throws Exception {
        try (Receiver svc = new Receiver(200)) {
            svc.failNext(1);
            assertThat(check(svc.url("/health"), "").status()).isEqualTo(Status.CRITICAL);
            assertThat(svc.requests).hasSize(1);
        }
    }
}
