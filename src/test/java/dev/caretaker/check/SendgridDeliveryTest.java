package dev.caretaker.check;

import static dev.caretaker.Findings.of;
import static dev.caretaker.Findings.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.config.Severity;
import dev.caretaker.demo.api.ApiStandIn;
import dev.caretaker.demo.api.SendgridStandIn;
import dev.caretaker.engine.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code type: email_delivery, source: sendgrid} against a stand-in of SendGrid's v3 statistics on 127.0.0.1
 * ({@link SendgridStandIn} names the documents and sections each answer follows): pages by {@code limit}/{@code offset}, the
 * rate limit in {@code X-RateLimit-*}, errors as {@code {"errors":[{"message":…}]}}; SendGrid documents no ETag for its
 * statistics, so none is faked.
 */
class SendgridDeliveryTest {
    static final String KEY = "SG.SendGridKeyThatMustNeverBeShown.9x";

    SendgridStandIn sendgrid;
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeEach
    void start() throws Exception {
        sendgrid = new SendgridStandIn(KEY);
    }

    @AfterEach
    void stop() {
        sendgrid.close();
    }

    static CaretakerConfig load(String yaml) {
        return new ConfigLoader(Map.of("SENDGRID_API_KEY", KEY), Engine.KINDS).parse("test.yml", Path.of("test.yml"), yaml);
    }

    String config(String extra) {
        return """
                checks:
                  mail:
                    type: email_delivery
                    source: sendgrid
                    base_url: %s
                    token: ${SENDGRID_API_KEY}
                """.formatted(sendgrid.url()) + extra.indent(4);
    }

    static CheckResult run(CaretakerConfig config) {
        return Checks.create(config.checks().get("mail")).run(new CheckContext(Clock.systemUTC(), null, config.secrets()));
    }

    static Map<String, Long> day(long delivered, long bounces, long blocks, long dropped, long spam, long deferred) {
        return Map.of("requests", delivered + bounces + blocks + dropped, "processed", delivered + bounces + blocks, "delivered", delivered,
                "bounces", bounces, "blocks", blocks, "bounce_drops", dropped, "spam_reports", spam, "deferred", deferred);
    }

    @Test
    void a_low_delivery_rate_is_a_warning_with_its_counts_and_the_request_is_as_documented() {
        sendgrid.day(today, day(460, 5, 20, 15, 1, 7)); // 460 of 500: 92 %
        CheckResult r = run(load(config("")));

        assertThat(r.error()).isNull();
        Finding f = one(r, "email.delivery_rate");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("account");
        assertThat(f.evidence()).containsEntry("source", "sendgrid").containsEntry("delivered", 460L).containsEntry("failed", 40L)
                .containsEntry("bounced", 5L).containsEntry("complained", 1L).containsEntry("deferred", 7L)
                .containsEntry("failed_blocks", 20L).containsEntry("failed_bounce_drops", 15L).containsEntry("delivery_rate_percent", 92.0);
        assertThat(f.message()).contains("account delivered 460 of 500 messages (92.0%, target 95%)", "blocks 20");
        assertThat(of(r, "email.bounce_rate")).as("1 % bounced").isEmpty();
        ApiStandIn.Seen s = sendgrid.seen().get(0);
        assertThat(s.path()).isEqualTo("/v3/stats");
        assertThat(s.query()).containsEntry("aggregated_by", "day").containsEntry("start_date", today.minusDays(1).toString())
                .containsEntry("end_date", today.toString()).containsEntry("offset", "0");
        assertThat(s.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("api.rate_limit_remaining")).singleElement()
                .extracting(Measurement::value).isEqualTo(599.0);
    }

    @Test
    void a_healthy_account_raises_nothing() {
        sendgrid.day(today, day(990, 5, 0, 5, 0, 0));
        sendgrid.day(today.minusDays(1), day(1000, 0, 0, 0, 0, 0));
        CheckResult r = run(load(config("")));

        assertThat(r.error()).isNull();
        assertThat(r.findings()).isEmpty();
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("email.delivered")).singleElement()
                .extracting(Measurement::value).isEqualTo(1990.0);
    }

    @Test
    void a_high_bounce_rate_is_critical_over_5_percent_and_a_category_is_read_from_its_own_endpoint() {
        sendgrid.category("order-notifications", today, day(90, 8, 0, 0, 2, 0));
        sendgrid.day(today, day(1000, 0, 0, 0, 0, 0)); // the account is fine; the category is not
        CheckResult r = run(load(config("category: order-notifications")));

        Finding f = one(r, "email.bounce_rate");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo("category order-notifications");
        assertThat(f.evidence()).containsEntry("category", "order-notifications").containsEntry("bounced", 8L)
                .containsEntry("complained", 2L);
        assertThat(sendgrid.seen().get(0).path()).isEqualTo("/v3/categories/stats");
        assertThat(sendgrid.seen().get(0).query()).containsEntry("categories", "order-notifications");
        assertThat(run(load(config(""))).findings()).as("the whole account, its clean twin").isEmpty();
    }

    @Test
    void a_subuser_is_read_on_its_behalf() {
        sendgrid.day(today, day(100, 0, 0, 0, 0, 0));
        CheckResult r = run(load(config("subuser: shop-eu")));

        assertThat(r.error()).isNull();
        assertThat(sendgrid.seen().get(0).header("on-behalf-of")).isEqualTo("shop-eu");
    }

    @Test
    void the_days_are_paged_by_limit_and_offset_across_three_pages() {
        sendgrid.day(today.minusDays(240), day(100, 0, 0, 0, 0, 0));
        sendgrid.day(today, day(100, 0, 0, 0, 0, 0));
        CheckResult r = run(load(config("window: 250d")));

        assertThat(r.error()).isNull();
        assertThat(sendgrid.seen()).extracting(s -> s.query().get("offset")).containsExactly("0", "100", "200");
        assertThat(r.measurements()).filteredOn(m -> m.metric().equals("email.delivered")).singleElement()
                .extracting(Measurement::value).isEqualTo(200.0);
    }

    @Test
    void a_spent_rate_limit_is_waited_out_by_its_reset_time_and_a_retry_after_too() {
        sendgrid.day(today, day(100, 0, 0, 0, 0, 0));
        sendgrid.spend(1);
        CheckResult r = run(load(config("timeout: 20s")));
        assertThat(r.error()).isNull();
        assertThat(sendgrid.seen()).extracting(ApiStandIn.Seen::status).containsExactly(429, 200);

        sendgrid.rateLimitNext(1, "1");
        CheckResult again = run(load(config("timeout: 20s")));
        assertThat(again.error()).isNull();
        assertThat(sendgrid.seen()).extracting(ApiStandIn.Seen::status).containsExactly(429, 200, 429, 200);
    }

    @Test
    void a_wrong_key_is_unknown_with_sendgrids_own_message() throws Exception {
        try (SendgridStandIn other = new SendgridStandIn("SG.someoneElses")) {
            CheckResult r = run(load(config("").replace(sendgrid.url(), other.url())));

            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.error()).contains("SendGrid answered 401 to /v3/stats: authorization required").doesNotContain(KEY).doesNotContain("\"errors\"");
        }
    }

    @Test
    void a_slow_api_is_cut_at_the_checks_timeout() {
        sendgrid.delay(Duration.ofSeconds(5));
        long started = System.nanoTime();
        CheckResult r = run(load(config("timeout: 1s")));

        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.error()).contains("SendGrid did not answer within the check's timeout of 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void no_mail_is_said_plainly_and_a_second_run_sends_no_if_none_match() {
        CaretakerConfig config = load(config(""));
        CheckResult first = run(config);
        run(config);

        assertThat(one(first, "email.no_mail").message()).isEqualTo("no mail from account was delivered or failed since " + today.minusDays(1) + " (UTC); "
                + "nothing to judge");
        assertThat(sendgrid.seen()).hasSize(2).allSatisfy(s -> assertThat(s.header("if-none-match")).isNull());
    }

    @Test
    void a_check_without_source_or_with_a_domain_on_sendgrid_is_named_with_what_to_write() {
        assertThatThrownBy(() -> load("""
                checks:
                  mail:
                    type: email_delivery
                    domain: mg.shop.example
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("needs 'source: mailgun' or 'source: sendgrid'");
        assertThatThrownBy(() -> load(config("domain: shop.example"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SendGrid's statistics are per account, category or subuser");
        assertThatThrownBy(() -> load("""
                checks:
                  mail:
                    type: email_delivery
                    source: mailgun
                    token: x
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("domain");
        assertThatThrownBy(() -> load(config("max_bounce_rate: lots"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("max_bounce_rate");
    }

    @Test
    void a_misspelt_source_lists_only_the_real_sources_and_a_suite_naming_the_check_is_no_second_error() {
        String yaml = """
                checks:
                  mail:
                    type: email_delivery
                    source: sendgird
                    token: x
                suites:
                  morning:
                    checks: [mail]
                """;
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown source 'sendgird' for type email_delivery")
                .hasMessageContaining("sources: mailgun, sendgrid")
                .hasMessageNotContaining("table")
                .hasMessageNotContaining("suite 'morning' names check 'mail'");
        assertThatThrownBy(() -> load(yaml.replace("source: sendgird", "source: table"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown source 'table' for type email_delivery; sources: mailgun, sendgrid");
        assertThatThrownBy(() -> load(yaml.replace("[mail]", "[mial]"))).as("a name no check has is still named")
                .isInstanceOf(ConfigException.class).hasMessageContaining("suite 'morning' names check 'mial'");
    }
}
