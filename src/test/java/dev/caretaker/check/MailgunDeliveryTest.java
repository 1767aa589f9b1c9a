package dev.caretaker.check;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.config.Severity;
import dev.caretaker.demo.api.ApiStandIn;
import dev.caretaker.demo.api.MailgunStandIn;
import dev.caretaker.demo.api.MailgunStandIn.Hour;
import dev.caretaker.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code type: email_delivery, source: mailgun} against a stand-in of Mailgun's stats API on 127.0.0.1
 * ({@link MailgunStandIn} names the documents and sections each answer follows). "Totals for entire domain" is one answer, not
 * paginated, and Mailgun documents no ETag for it: the tests say so rather than fake either.
 */
class MailgunDeliveryTest {
    static final String KEY = "key-MailgunKeyThatMustNeverBeShown7";
    static final String DOMAIN = "mg.shop.example";

    MailgunStandIn mailgun;
    final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @BeforeEach
    void start() throws Exception {
        mailgun = new MailgunStandIn(KEY);
    }

    @AfterEach
    void stop() {
        mailgun.close();
    }

    static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of("MAILGUN_API_KEY", KEY), Engine.KINDS).parse("test.yml", Path.of("test.yml"), yaml);
    }

    String config(String extra) {
        return """
                checks:
                  mail:
                    type: email_delivery
                    source: mailgun
                    domain: mg.shop.example
                    base_url: %s
                    token: ${MAILGUN_API_KEY}
                """.formatted(mailgun.url()) + extra.indent(4);
    }

    static CheckResult run(CaretakerConfig config) {
        return Checks.create(config.checks().get("mail")).run(new CheckContext(Clock.systemUTC(), null, config.secrets()));
    }

    /** {@code hours} hours of mail, each with these events, the newest the current hour. */
    void plant(int hours, Hour each) {
        for (int h = 0; h < hours; h++) {
            mailgun.hour(DOMAIN, hour.minus(h, ChronoUnit.HOURS), each);
        }
    }

    @Test
    void a_low_delivery_rate_is_critical_with_its_counts_and_reasons_and_the_request_is_as_documented() {
        plant(10, new Hour(85, 1, 0, 14, 2, 0)); // 850 delivered, 150 failed for good: 85 %
        CheckResult r = run(load(config("")));

        assertThat(r.error()).isNull();
        Finding f = one(r, "email.delivery_rate");
        assertThat(f.severity()).as("85 % is under the 90 % critical line").isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo(DOMAIN);
        assertThat(f.evidence()).containsEntry("source", "mailgun").containsEntry("domain", DOMAIN).containsEntry("delivered", 850L)
                .containsEntry("failed", 150L).containsEntry("bounced", 10L).containsEntry("deferred", 20L)
                .containsEntry("failed_suppress_bounce", 140L).containsEntry("delivery_rate_percent", 85.0)
                .containsEntry("min_delivery_rate_percent", 95.0);
        assertThat(f.message()).contains("mg.shop.example delivered 850 of 1000 messages (85.0%, target 95%) in the last 1d",
                "suppress-bounce 140");
        assertThat(of(r, "email.bounce_rate")).as("1 % bounced is under the 2 % limit").isEmpty();
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("email.delivery_rate_percent")).singleElement()
                .extracting(Measurement::value).isEqualTo(85.0);
        ApiStandIn.Seen s = mailgun.seen().get(0);
        assertThat(s.path()).isEqualTo("/v3/mg.shop.example/stats/total");
        assertThat(s.query()).containsEntry("resolution", "hour").containsKeys("start", "end", "event");
        assertThat(s.header("authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("api:" + KEY).getBytes(StandardCharsets.UTF_8)));
        assertThat(mailgun.seen()).as("one answer holds the window: Mailgun's totals are not paginated").hasSize(1);
    }

    @Test
    void a_healthy_domain_raises_nothing_and_is_measured() {
        plant(24, new Hour(99, 1, 0, 0, 0, 0));
        CheckResult r = run(load(config("")));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.findings()).isEmpty();
        assertThat(r.measurements()).extracting(Measurement::metric).contains("email.delivered", "email.failed", "email.bounced",
                "email.complained", "email.delivery_rate_percent", "email.bounce_rate_percent");
    }

    @Test
    void a_high_bounce_rate_is_a_warning_over_its_limit_and_critical_over_5_percent() {
        plant(10, new Hour(96, 3, 1, 0, 0, 1)); // 4 % bounced, 96 % delivered
        CheckResult warning = run(load(config("")));
        Finding w = one(warning, "email.bounce_rate");
        assertThat(w.severity()).isEqualTo(Severity.WARNING);
        assertThat(w.evidence()).containsEntry("bounced", 40L).containsEntry("complained", 10L).containsEntry("bounce_rate_percent", 4.0)
                .containsEntry("max_bounce_rate_percent", 2.0).containsEntry("source", "mailgun");
        assertThat(of(warning, "email.delivery_rate")).as("96 % delivered meets the 95 % target").isEmpty();

        plant(10, new Hour(93, 7, 0, 0, 0, 0));
        Finding c = one(run(load(config("max_bounce_rate: 3%"))), "email.bounce_rate");
        assertThat(c.severity()).as("7 % is over the 5 % critical line").isEqualTo(Severity.CRITICAL);
    }

    @Test
    void the_levels_are_the_configs_and_a_domain_under_min_messages_is_measured_not_judged() {
        plant(10, new Hour(97, 3, 0, 0, 0, 0));
        assertThat(run(load(config("min_delivery_rate: 98%"))).findings()).extracting(Finding::code, Finding::severity)
                .contains(tuple("email.delivery_rate", Severity.WARNING));
        assertThat(run(load(config("max_bounce_rate: 5%"))).findings()).isEmpty();

        mailgun.domain("mg.quiet.example");
        mailgun.hour("mg.quiet.example", hour, new Hour(2, 1, 0, 0, 0, 0));
        CheckResult few = run(load(config("").replace(DOMAIN, "mg.quiet.example")));
        assertThat(few.findings()).as("one bounce of three messages is no trend").isEmpty();
        assertThat(few.measurements()).filteredOn(m -> m.metric().equals("email.bounce_rate_percent")).singleElement()
                .extracting(Measurement::value).isEqualTo(33.3);
    }

    @Test
    void no_mail_in_the_window_is_said_plainly_and_judged_not() {
        mailgun.domain(DOMAIN);
        mailgun.hour(DOMAIN, hour.minus(3, ChronoUnit.DAYS), new Hour(10, 10, 0, 0, 0, 0)); // outside the 24 h window
        CheckResult r = run(load(config("")));

        assertThat(r.status()).isEqualTo(Status.OK);
        Finding f = one(r, "email.no_mail");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.message()).isEqualTo("no mail from mg.shop.example was delivered or failed in the last 1d; nothing to judge");
        assertThat(r.findings()).hasSize(1);
    }

    @Test
    void a_429_with_retry_after_is_waited_out_and_the_check_goes_on() {
        plant(5, new Hour(99, 0, 0, 0, 0, 0));
        mailgun.rateLimitNext(1, "1");
        CheckResult r = run(load(config("timeout: 20s")));

        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(mailgun.seen()).extracting(ApiStandIn.Seen::status).containsExactly(429, 200);
    }

    @Test
    void a_wrong_key_is_unknown_with_mailguns_own_answer_and_no_key_in_it() throws Exception {
        try (MailgunStandIn other = new MailgunStandIn("key-someoneElses")) {
            CheckResult r = run(load(config("").replace(mailgun.url(), other.url())));

            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.findings()).isEmpty();
            assertThat(r.error()).contains("Mailgun answered 401", "Forbidden", "token").doesNotContain(KEY);
        }
    }

    @Test
    void an_unknown_domain_is_unknown_with_mailguns_message() {
        CheckResult r = run(load(config("").replace(DOMAIN, "mg.typo.example")));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("Mailgun answered 404", "Domain not found: mg.typo.example");
    }

    @Test
    void a_slow_api_is_cut_at_the_checks_timeout() {
        plant(5, new Hour(99, 0, 0, 0, 0, 0));
        mailgun.delay(Duration.ofSeconds(5));
        long started = System.nanoTime();
        CheckResult r = run(load(config("timeout: 1s")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("Mailgun did not answer within the check's timeout of 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a_second_run_asks_again_in_full_as_mailgun_documents_no_etag() {
        plant(5, new Hour(99, 0, 0, 0, 0, 0));
        CaretakerConfig config = load(config(""));
        run(config);
        CheckResult second = run(config);

        assertThat(second.error()).isNull();
        assertThat(mailgun.seen()).hasSize(2).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("if-none-match")).isNull();
        });
    }

    @Test
    void a_window_over_30_days_is_counted_by_the_day() {
        plant(48, new Hour(99, 0, 0, 0, 0, 0));
        CheckResult r = run(load(config("window: 60d")));

        assertThat(r.error()).isNull();
        assertThat(mailgun.seen().get(0).query()).containsEntry("resolution", "day");
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("email.delivered")).singleElement()
                .extracting(Measurement::value).isEqualTo(4752.0);
    }
}
