package dev.caretaker.notify.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: telegram} against a Bot API stand-in that parses MarkdownV2 as Telegram documents it. */
@ExtendWith(TestDatabases.class)
class TelegramChannelTest {
    static final String TOKEN = "123456789:AAE-secret_TOKEN-value";

    @TempDir
    Path home;
    Scenario s;

    @BeforeEach
    void open(TestDatabase db, Store store) {
        s = new Scenario(db, store, home);
    }

    private CaretakerConfig config(TelegramStandIn api, String chat) {
        return s.config("""
                notify:
                  channels:
                    tg: {type: telegram, bot_token: "%s", chat_id: "%s", base_url: "%s"}
                  routes:
                    - {channels: [tg]}
                """.formatted(TOKEN, chat, api.url()));
    }

    @Test
    void an_incident_with_every_reserved_character_in_its_title_arrives_as_written_and_its_end_too() throws Exception {
        try (TelegramStandIn api = new TelegramStandIn(TOKEN, "-1001234567890")) {
            CaretakerConfig c = config(api, "-1001234567890");
            assertThat(s.run(c, true).notifications().delivered()).isEqualTo(1);
            assertThat(api.seen().get(0).method()).isEqualTo("POST");
            assertThat(api.seen().get(0).path()).isEqualTo("/bot" + TOKEN + "/sendMessage");
            assertThat(api.seen().get(0).header("content-type")).startsWith("application/json");
            var body = api.bodies.get(0);
            assertThat(body.get("parse_mode").asText()).isEqualTo("MarkdownV2");
            assertThat(body.get("disable_web_page_preview").asBoolean()).isTrue();
            assertThat(body.get("chat_id").asText()).isEqualTo("-1001234567890");
            assertThat(api.shown.get(0)).as("Telegram shows the title as it was written").contains("[P1] opened: " + Scenario.HOSTILE + " — shop")
                    .contains("crm · " + Scenario.SUBJECT).contains("audit log head ");

            s.acknowledge(c, "dana");
            assertThat(api.shown).as("a chat is not told of an acknowledgement, as Slack is not").hasSize(1);
            s.clock.advance(Duration.ofMinutes(5));
            s.run(c, false);
            assertThat(api.shown).hasSize(2);
            assertThat(api.shown.get(1)).startsWith("✅ [P1] resolved: " + Scenario.HOSTILE);

            var sample = dev.caretaker.notify.SampleMessage.send(c, "tg", home, java.time.Clock.systemUTC());
            assertThat(sample).singleElement().satisfies(x -> assertThat(x.answer()).startsWith("ok: message ").contains("-1001234567890"));
            assertThat(api.shown.get(2)).contains("Test message from Caretaker (caretaker notify test)");
        }
    }

    @Test
    void a_refusal_shows_telegrams_description_in_notify_status_and_never_the_bot_token() throws Exception {
        try (TelegramStandIn api = new TelegramStandIn(TOKEN, "-1001234567890")) {
            CaretakerConfig c = config(api, "-42");
            assertThat(s.run(c, true).notifications().delivered()).isZero();
            String error = s.lastError(c);
            assertThat(error).isEqualTo("telegram answered 400: Bad Request: chat not found");
            assertThat(s.status(c).get(0).state()).isEqualTo(OutboxMessage.State.PENDING);

            CaretakerConfig wrongToken = s.config("""
                    notify:
                      channels:
                        tg: {type: telegram, bot_token: "999:OTHER-token", chat_id: "-1001234567890", base_url: "%s"}
                      routes:
                        - {channels: [tg]}
                    """.formatted(api.url()));
            s.clock.advance(Duration.ofMinutes(10));
            s.run(wrongToken, true);
            assertThat(s.lastError(wrongToken)).isEqualTo("telegram answered 401: Unauthorized").doesNotContain("OTHER-token");
            assertThat(s.status(wrongToken).toString()).doesNotContain(TOKEN).doesNotContain("999:OTHER-token");
        }
    }

    @Test
    void a_429_waits_as_long_as_telegram_asks() throws Exception {
        try (TelegramStandIn api = new TelegramStandIn(TOKEN, "-1001234567890")) {
            CaretakerConfig c = config(api, "-1001234567890");
            api.rateLimitNext(1, "120");
            s.run(c, true);
            OutboxMessage m = s.status(c).get(0);
            assertThat(m.lastError()).isEqualTo("telegram answered 429: Too Many Requests: retry after 120");
            assertThat(m.nextAttemptAt()).as("not the first back-off of 10 s: the 120 s asked for").isAfter(s.clock.instant().plusSeconds(100));
        }
    }

    @Test
    void two_incidents_of_one_run_go_as_one_message_listing_both_titles_as_written() throws Exception {
        try (TelegramStandIn api = new TelegramStandIn(TOKEN, "-1001234567890")) {
            CaretakerConfig c = config(api, "-1001234567890");
            assertThat(s.runTwo(c).notifications().delivered()).isEqualTo(1);
            assertThat(api.shown).singleElement().satisfies(t -> assertThat(t).contains("[P1] 2 incidents: 2 opened — shop")
                    .contains("P1 opened: " + Scenario.HOSTILE).contains("P1 opened: second *one* [x](y)"));
        }
    }

    @Test
    void the_escaping_covers_each_reserved_character_and_the_backslash() {
        for (char c : (TelegramStandIn.RESERVED + "\\").toCharArray()) {
            assertThat(TelegramStandIn.markdownV2(TelegramChannel.escape("x" + c + "y"))).isEqualTo("x" + c + "y");
        }
        assertThat(TelegramStandIn.markdownV2("a_b")).as("the stand-in refuses what Telegram refuses").startsWith("!Bad Request: can't parse entities");
    }
}
