package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.store.Store;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alertmanager's grouping: the incidents one run opens reach an email or chat channel as one message listing them (per
 * group of {@code notify.group_by}), while PagerDuty still gets one event per incident.
 */
@ExtendWith(TestDatabases.class)
class GroupingTest {
    private static CheckResult down(String check, String url, Severity s) {
        return new CheckResult(check, "http", s == Severity.CRITICAL ? Status.CRITICAL : Status.WARNING, 5, null, List.of(),
                List.of(Finding.of(s == Severity.CRITICAL ? "http.down" : "http.slow", s, url, check + " is " + (s == Severity.CRITICAL ? "down" : "slow"))));
    }

    private static CheckResult up(String check) {
        return new CheckResult(check, "http", Status.OK, 5, null, List.of(), List.of());
    }

    private static List<String> subjects(GreenMail smtp) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }

    @Test
    void one_message_per_run_and_group_for_email_and_chat_one_event_per_incident_for_a_pager(TestDatabase db, Store store) throws Exception {
        int smtpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T02:00:00Z"));
        try (Receiver slack = new Receiver(200); Receiver pd = new Receiver(202)) {
            String yaml = """
                    system: grouped-%s
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/crm"}
                      erp: {type: http, url: "http://127.0.0.1:1/erp"}
                      billing: {type: http, url: "http://127.0.0.1:1/billing"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      email: {url: "smtp://127.0.0.1:%d", from: caretaker@shop.example, starttls: false}
                      channels:
                        ops: {type: email, to: [ops@shop.example]}
                        chat: {type: slack, webhook: "%s"}
                        pager: {type: pagerduty, routing_key: R0UTINGKEY123, url: "%s"}
                    %s""";
            CaretakerConfig grouped = db.config(yaml.formatted(db.name(), smtpPort, slack.url("/hook"), pd.url("/v2/enqueue"), ""));
            Pipeline.run(store, grouped, clock, "all", down("crm", "http://crm/", Severity.CRITICAL), down("erp", "http://erp/", Severity.CRITICAL),
                    down("billing", "http://billing/", Severity.WARNING));
            assertThat(subjects(smtp)).singleElement().satisfies(s -> assertThat(s).startsWith("[P1] 3 incidents: 3 opened"));
            assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).contains("crm is down").contains("erp is down").contains("billing is slow");
            assertThat(slack.requests).singleElement().satisfies(r -> assertThat(r.body()).contains("3 incidents").contains("#").contains("billing is slow"));
            assertThat(pd.requests).as("a pager gets one event per incident").hasSize(3);

            clock.advance(Duration.ofMinutes(5));
            Pipeline.run(store, grouped, clock, "all", up("crm"), up("erp"), up("billing"));
            assertThat(subjects(smtp)).hasSize(2).last().satisfies(s -> assertThat(s).contains("3 incidents: 3 resolved"));
            assertThat(slack.requests).hasSize(2);
            assertThat(pd.requests).hasSize(6);

            clock.advance(Duration.ofMinutes(5));
            CaretakerConfig byPriority = db.config(yaml.formatted(db.name(), smtpPort, slack.url("/hook"), pd.url("/v2/enqueue"),
                    "  group_by: [priority]\n"));
            Pipeline.run(store, byPriority, clock, "all", down("crm", "http://crm/", Severity.CRITICAL), down("erp", "http://erp/", Severity.CRITICAL),
                    down("billing", "http://billing/", Severity.WARNING));
            assertThat(subjects(smtp).subList(2, subjects(smtp).size())).containsExactlyInAnyOrder("[P1] 2 incidents: 2 re-opened — " + grouped.system(),
                    "[P2] re-opened: billing is slow — " + grouped.system());

            clock.advance(Duration.ofMinutes(5));
            CaretakerConfig single = db.config(yaml.formatted(db.name(), smtpPort, slack.url("/hook"), pd.url("/v2/enqueue"),
                    "  group_by: ['...']\n"));
            Pipeline.run(store, single, clock, "all", up("crm"), up("erp"), up("billing"));
            assertThat(subjects(smtp).subList(4, subjects(smtp).size())).as("no grouping: one message per incident").hasSize(3)
                    .allSatisfy(s -> assertThat(s).contains("resolved:"));
        } finally {
            smtp.stop();
        }
    }
}
