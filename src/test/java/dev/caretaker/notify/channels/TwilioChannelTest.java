package dev.caretaker.notify.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: twilio}: one SMS per number, one segment, incidents only. */
@ExtendWith(TestDatabases.class)
class TwilioChannelTest {
    static final String SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH = "auth-token-f00dbabe";

    @TempDir
    Path home;
    Scenario s;

    @BeforeEach
    void open(TestDatabase db, Store store) {
        s = new Scenario(db, store, home);
    }

    private CaretakerConfig config(TwilioStandIn api, String token) {
        return s.config("""
                notify:
                  channels:
                    sms: {type: twilio, account_sid: %s, auth_token: "%s", from: "+15017122661", to: ["+4915112345678", "+4917698765432"], base_url: "%s"}
                  routes:
                    - {channels: [sms]}
                  report_to: [sms]
                """.formatted(SID, token, api.url()));
    }

    @Test
    void each_number_gets_one_sms_of_one_segment_and_no_report() throws Exception {
        try (TwilioStandIn api = new TwilioStandIn(SID, AUTH, "+15017122661")) {
            CaretakerConfig c = config(api, AUTH);
            assertThat(s.run(c, true).notifications().delivered()).as("one message; a report is not sent by SMS").isEqualTo(1);
            assertThat(api.seen()).hasSize(2).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
                assertThat(r.header("content-type")).startsWith("application/x-www-form-urlencoded");
            });
            assertThat(api.messages).extracting(m -> m.get("To").get(0)).containsExactly("+4915112345678", "+4917698765432");
            String body = api.messages.get(0).get("Body").get(0);
            assertThat(body).startsWith("[P1] opened: a_b*c[d](e)!").endsWith("(shop #" + s.open().id() + ")");
            assertThat(TwilioStandIn.segments(body)).as(body).isEqualTo(1);
            s.acknowledge(c, "dana");
            s.clock.advance(Duration.ofMinutes(5));
            s.run(c, false);
            assertThat(api.messages).as("the resolution too; not the acknowledgement").hasSize(4);
            assertThat(api.messages.get(3).get("Body").get(0)).startsWith("[P1] resolved: ");
            var sample = dev.caretaker.notify.SampleMessage.send(c, "sms", home, java.time.Clock.systemUTC());
            assertThat(sample).singleElement().satisfies(x -> assertThat(x.answer()).contains("+4915112345678: SM").contains(" queued"));
            assertThat(api.messages.get(4).get("Body").get(0)).startsWith("[P1] opened: Test message from Caretaker");
        }
    }

    @Test
    void a_refused_number_is_in_notify_status_and_the_retry_does_not_text_the_other_number_again() throws Exception {
        try (TwilioStandIn api = new TwilioStandIn(SID, AUTH, "+15017122661")) {
            api.unsubscribe("+4917698765432");
            CaretakerConfig c = config(api, AUTH);
            assertThat(s.run(c, true).notifications().delivered()).isZero();
            assertThat(s.lastError(c)).isEqualTo("twilio answered 400: Attempt to send to unsubscribed recipient (error 21610, "
                    + "https://www.twilio.com/docs/errors/21610) (to +4917698765432; sent to +4915112345678)");
            s.clock.advance(Duration.ofMinutes(1));
            assertThat(s.run(c, true).notifications().delivered()).isZero();
            assertThat(api.messages).as("the first number was texted once").hasSize(1);
        }
    }

    @Test
    void a_wrong_auth_token_is_twilios_authenticate_and_never_shown() throws Exception {
        try (TwilioStandIn api = new TwilioStandIn(SID, AUTH, "+15017122661")) {
            CaretakerConfig c = config(api, "wrong-token-12345");
            s.run(c, true);
            assertThat(s.lastError(c)).startsWith("twilio answered 401: Authenticate (error 20003, https://www.twilio.com/docs/errors/20003)");
            assertThat(s.status(c).toString()).doesNotContain("wrong-token-12345").doesNotContain(AUTH);
            assertThat(api.messages).isEmpty();
        }
    }
}
