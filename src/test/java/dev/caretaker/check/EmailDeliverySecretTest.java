package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigLoader;
import dev.caretaker.demo.api.MailgunStandIn;
import dev.caretaker.demo.api.SendgridStandIn;
import dev.caretaker.engine.Engine;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

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
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(logs);
        seen.start();
        ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger caretaker = logs.getLogger("dev.caretaker");
        Level level = caretaker.getLevel();
        root.addAppender(seen);
        caretaker.setLevel(Level.DEBUG);
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

            Engine engine = Pipeline.engine(store, config, Clock.systemUTC()).build();
            RunOutcome outcome = engine.run(new Engine.RunRequest(null, true, null));

            assertThat(result(outcome, "mailgun").status()).isEqualTo(Status.CRITICAL);
            assertThat(result(outcome, "sendgrid").status()).isEqualTo(Status.CRITICAL);
            assertThat(result(outcome, "mailgun-refused").error()).contains("Forbidden");
            assertThat(result(outcome, "sendgrid-refused").error()).contains("authorization required");
            List<String> outputs = new ArrayList<>();
            outputs.add(JsonReport.render(outcome));
            for (ReportFormat f : ReportFormat.values()) {
                outputs.add(f.render(outcome, false));
            }
            for (String name : List.of("mailgun", "mailgun-refused", "sendgrid", "sendgrid-refused")) {
                outputs.add(String.valueOf(engine.checks().latest(name).orElseThrow()));
            }
            outputs.add(String.valueOf(config.checks()));
            for (ILoggingEvent e : List.copyOf(seen.list)) {
                outputs.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
            assertThat(outputs).as("the runs found the low delivery and said so").anySatisfy(o -> assertThat(o)
                    .contains("mg.shop.example delivered 400 of 500 messages"));
            assertThat(seen.list).as("requests are logged at debug level").anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("Mailgun GET /v3/mg.shop.example/stats/total"));
            String basic = Base64.getEncoder().encodeToString(("api:" + MAILGUN_KEY).getBytes(StandardCharsets.UTF_8));
            assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain(MAILGUN_KEY).doesNotContain(MAILGUN_KEY.substring(4))
                    .doesNotContain(basic).doesNotContain(SENDGRID_KEY).doesNotContain(SENDGRID_KEY.substring(3)));
            assertThat(mailgunRefusing.seen()).allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Basic " + basic));
            assertThat(sendgridRefusing.seen()).allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + SENDGRID_KEY));
        } finally {
            caretaker.setLevel(level);
            root.detachAppender(seen);
        }
    }

    private static CheckResult result(RunOutcome outcome, String name) {
        return outcome.run().results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
