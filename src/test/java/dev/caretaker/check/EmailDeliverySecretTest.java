package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.SecretRun;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.demo.api.MailgunStandIn;
import dev.caretaker.demo.api.SendgridStandIn;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Mailgun and SendGrid keys reach their provider's {@code Authorization} header and nothing else: not a finding, an
 * error, the stored result, a report in any format, or a log line (at debug level, every request logged). Mailgun's Basic
 * credentials are checked in their encoded form too.
 */
@ExtendWith(TestDatabases.class)
class EmailDeliverySecretTest {
    static final String MAILGUN_KEY = "key-MailgunSecretNeverToBeShown3";
    static final String SENDGRID_KEY = "SG.SendGridSecretNeverToBeShown.5q";

    @Test
    void the_keys_are_in_no_output_of_runs_that_find_low_delivery_and_ones_that_are_refused(TestDatabase db, Store store) throws Exception {
        try (MailgunStandIn mailgun = new MailgunStandIn(MAILGUN_KEY); MailgunStandIn mailgunRefusing = new MailgunStandIn("key-other");
             SendgridStandIn sendgrid = new SendgridStandIn(SENDGRID_KEY); SendgridStandIn sendgridRefusing = new SendgridStandIn("SG.other")) {
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            for (int h = 0; h < 5; h++) {
                mailgun.hour("mg.shop.example", hour.minus(h, ChronoUnit.HOURS), new MailgunStandIn.Hour(80, 10, 0, 10, 0, 0));
            }
            sendgrid.day(LocalDate.now(ZoneOffset.UTC), Map.of("delivered", 80L, "bounces", 20L));
            CaretakerConfig config = new ConfigLoader(Map.of("MAILGUN_API_KEY", MAILGUN_KEY, "SENDGRID_API_KEY", SENDGRID_KEY), Engine.KINDS)
                    .parse("test.yml", Path.of("test.yml"), """
                    system: mail-%s
                    checks:
                      mailgun:
                        type: email_delivery
                        source: mailgun
                        domain: mg.shop.example
                        base_url: %s
                        token: ${MAILGUN_API_KEY}
                      mailgun-refused:
                        type: email_delivery
                        source: mailgun
                        domain: mg.shop.example
                        base_url: %s
                        token: ${MAILGUN_API_KEY}
                      sendgrid:
                        type: email_delivery
                        source: sendgrid
                        base_url: %s
                        token: ${SENDGRID_API_KEY}
                      sendgrid-refused:
                        type: email_delivery
                        source: sendgrid
                        base_url: %s
                        token: ${SENDGRID_API_KEY}
                    """.formatted(db.name(), mailgun.url(), mailgunRefusing.url(), sendgrid.url(), sendgridRefusing.url()));

            SecretRun run = SecretRun.of(store, config);

            assertThat(run.result("mailgun").status()).isEqualTo(Status.CRITICAL);
            assertThat(run.result("sendgrid").status()).isEqualTo(Status.CRITICAL);
            assertThat(run.result("mailgun-refused").error()).contains("Forbidden");
            assertThat(run.result("sendgrid-refused").error()).contains("authorization required");
            List<String> outputs = run.outputs();
            assertThat(outputs).as("the runs found the low delivery and said so").anySatisfy(o -> assertThat(o)
                    .contains("mg.shop.example delivered 400 of 500 messages"));
            assertThat(run.logLines()).as("requests are logged at debug level").anySatisfy(l -> assertThat(l)
                    .contains("Mailgun GET /v3/mg.shop.example/stats/total"));
            String basic = Base64.getEncoder().encodeToString(("api:" + MAILGUN_KEY).getBytes(StandardCharsets.UTF_8));
            assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain(MAILGUN_KEY).doesNotContain(MAILGUN_KEY.substring(4))
                    .doesNotContain(basic).doesNotContain(SENDGRID_KEY).doesNotContain(SENDGRID_KEY.substring(3)));
            assertThat(mailgunRefusing.seen()).allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Basic " + basic));
            assertThat(sendgridRefusing.seen()).allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + SENDGRID_KEY));
        }
    }
}
