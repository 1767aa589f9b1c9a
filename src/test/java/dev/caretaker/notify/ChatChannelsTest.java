package dev.caretaker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.demo.api.TeamsStandIn;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each chat channel against its service's stand-in, which checks the request as the service documents it (see
 * {@link ChatStandIns} and {@link TeamsStandIn}): what an incident's opening and resolution look like there, the colour of
 * its priority, the link to the incident when {@code auth.public_url} is set, and nothing for an acknowledgement.
 */
@ExtendWith(TestDatabases.class)
class ChatChannelsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PUBLIC = "https://caretaker.shop.example";

    private static CheckResult crm(boolean down, String message) {
        return new CheckResult("crm", "http", down ? Status.CRITICAL : Status.OK, 5, null, List.of(),
                down ? List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", message)) : List.of());
    }

    private static CaretakerConfig config(TestDatabase db, String priority, String channel) {
        return db.config("""
                system: shop
                auth: {public_url: "%s"}
                checks:
                  crm: {type: http, url: "http://127.0.0.1:1/"}
                rules:
                  - {name: health-score-low, enabled: false}
                incidents:
                  priorities: {critical: %s}
                notify:
                  channels:
                    chat: %s
                  routes:
                    - {channels: [chat]}
                """.formatted(PUBLIC, priority, channel));
    }

    /** Opens the crm incident, acknowledges it, resolves it; returns its id. */
    private static long openAckResolve(Store store, CaretakerConfig c, String message) {
        return openAckResolve(store, c, crm(true, message));
    }

    private static long openAckResolve(Store store, CaretakerConfig c, CheckResult down) {
        SettableClock clock = new SettableClock(Instant.now());
        Pipeline.run(store, c, clock, "all", down);
        long id = new IncidentRepository(store.jdbi()).list("shop", true, 1).get(0).id();
        Pipeline.engine(store, c, clock).build().incidents().acknowledge(id, "dana");
        clock.advance(Duration.ofMinutes(5));
        Pipeline.run(store, c, clock, "all", crm(false, ""));
        return id;
    }

    @Test
    void teams_gets_the_workflows_envelope_with_an_adaptive_card_coloured_by_priority_and_a_link(TestDatabase db, Store store) throws Exception {
        try (TeamsStandIn teams = new TeamsStandIn("sigTeamsWorkflow0123456789abcdef")) {
            CaretakerConfig c = config(db, "P1", "{type: teams, webhook: \"" + teams.webhookUrl() + "\"}");
            long id = openAckResolve(store, c, "crm is down");
            assertThat(teams.requestsTo("/workflows/")).as("opened and resolved; the acknowledgement is no chat message")
                    .extracting(dev.caretaker.demo.api.ApiStandIn.Seen::status).containsExactly(202, 202);
            assertThat(teams.seen().get(0).header("content-type")).startsWith("application/json");
            List<JsonNode> cards = teams.cards();
            assertThat(cards).hasSize(2);
            JsonNode opened = cards.get(0);
            assertThat(opened.get("version").asText()).isEqualTo("1.4");
            assertThat(opened.get("body").get(0).get("text").asText()).contains("[P1] opened: crm is down — shop");
            assertThat(opened.get("body").get(0).get("color").asText()).as("P1 is Adaptive Card's attention").isEqualTo("attention");
            assertThat(opened.findValues("facts").get(0).findValuesAsText("title")).contains("Check", "Subject", "Priority", "Opened");
            assertThat(opened.get("actions").get(0).get("type").asText()).isEqualTo("Action.OpenUrl");
            assertThat(opened.get("actions").get(0).get("url").asText()).isEqualTo(PUBLIC + "/incidents/" + id);
            assertThat(cards.get(1).get("body").get(0).get("color").asText()).as("resolved is good").isEqualTo("good");
            assertThat(cards.get(1).toString()).contains("audit log head ");
        }
    }

    @Test
    void teams_stand_in_refuses_a_malformed_card_with_its_error_body() throws Exception {
        try (TeamsStandIn teams = new TeamsStandIn("sigTeamsWorkflow0123456789abcdef")) {
            Channel post = JsonSender.channel("teams").poster(java.net.URI.create(teams.webhookUrl()), JsonSender.Headers.NONE, false, false);
            OutboxMessage card = message("{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.teams.card.o365connector\","
                    + "\"content\":{\"@type\":\"MessageCard\",\"text\":\"hi\"}}]}");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> post.deliver(card, Duration.ofSeconds(5)))
                    .hasMessageContaining("teams answered 400").hasMessageContaining("Workflows take Adaptive Cards only");
            assertThat(teams.cards()).isEmpty();
        }
    }

    @Test
    void discord_gets_an_embed_within_its_limits_with_wait_true_and_no_mentions(TestDatabase db, Store store) throws Exception {
        try (ChatStandIns.Discord discord = new ChatStandIns.Discord("1172000000000000001", "dTokenDiscordWebhook0123456789abcdefXYZ")) {
            CaretakerConfig c = config(db, "P1", "{type: discord, webhook: \"" + discord.webhook(discord.token) + "\"}");
            String longMessage = "@everyone crm is down: " + "connection refused; ".repeat(400);
            long id = openAckResolve(store, c, longMessage);
            assertThat(discord.seen()).extracting(s -> s.query().get("wait")).containsExactly("true", "true");
            assertThat(discord.bodies()).hasSize(2);
            JsonNode opened = discord.bodies().get(0).get("embeds").get(0);
            assertThat(opened.get("title").asText()).hasSize(256).endsWith("…").contains("[P1] opened: @everyone crm is down");
            assertThat(opened.get("color").asInt()).as("P1 red").isEqualTo(0xD32F2F);
            assertThat(opened.get("url").asText()).isEqualTo(PUBLIC + "/incidents/" + id);
            assertThat(opened.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(opened.get("fields").findValuesAsText("name")).contains("Check", "Priority");
            assertThat(opened.get("description").asText().length()).isLessThanOrEqualTo(4096);
            assertThat(discord.bodies().get(0).get("allowed_mentions").get("parse")).isEmpty();
            assertThat(discord.bodies().get(1).get("embeds").get(0).get("color").asInt()).as("resolved green").isEqualTo(0x2E7D32);
        }
    }

    @Test
    void discord_429_makes_the_outbox_wait_the_retry_after_it_asked_for(TestDatabase db, Store store) throws Exception {
        try (ChatStandIns.Discord discord = new ChatStandIns.Discord("1172000000000000001", "dTokenDiscordWebhook0123456789abcdefXYZ")) {
            CaretakerConfig c = config(db, "P1", "{type: discord, webhook: \"" + discord.webhook(discord.token) + "\"}");
            SettableClock clock = new SettableClock(Instant.now());
            discord.retryAfter = 42.5;
            discord.rateLimitNext(1, "43");
            Pipeline.run(store, c, clock, "all", crm(true, "crm is down"));
            assertThat(discord.bodies()).isEmpty();
            OutboxMessage m = new Outbox(store.jdbi(), "shop").list((OutboxMessage.State) null, 1).get(0);
            assertThat(m.lastError()).contains("discord answered 429").contains("You are being rate limited.");
            assertThat(Duration.between(clock.instant(), m.nextAttemptAt())).as("retry_after, not the first back-off of 10 s")
                    .isGreaterThan(Duration.ofSeconds(42));
            clock.advance(Duration.ofSeconds(30));
            assertThat(Pipeline.deliverDue(store, c, clock).sent()).as("still inside the wait Discord asked for").isZero();
            clock.advance(Duration.ofSeconds(13));
            assertThat(Pipeline.deliverDue(store, c, clock).sent()).isEqualTo(1);
            assertThat(discord.bodies()).hasSize(1);
        }
    }

    @Test
    void google_chat_gets_a_card_with_a_text_fallback_and_one_thread_per_incident(TestDatabase db, Store store) throws Exception {
        try (ChatStandIns.GoogleChat chat = new ChatStandIns.GoogleChat("AIzaSyCaretakerKey0123456789", "gTokenGoogleChat0123456789abcdef")) {
            CaretakerConfig c = config(db, "P2", "{type: google-chat, webhook: \"" + chat.webhook(chat.token) + "\"}");
            long id = openAckResolve(store, c, new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                    List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/<admin>", "crm <b>is</b> down"))));
            assertThat(chat.bodies()).hasSize(2);
            assertThat(chat.queries).allSatisfy(q -> assertThat(q.get("messageReplyOption")).containsExactly("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"));
            JsonNode opened = chat.bodies().get(0);
            assertThat(opened.get("text").asText()).contains("[P2] opened: crm \\<b>is\\</b> down");
            JsonNode card = opened.get("cardsV2").get(0).get("card");
            assertThat(card.get("header").get("title").asText()).contains("opened");
            String widgets = card.get("sections").toString();
            assertThat(widgets).as("values escaped in Chat's HTML subset").contains("decoratedText").contains("http://crm/&lt;admin&gt;")
                    .doesNotContain("<admin>")
                    .contains("<font color=\\\"#F57C00\\\"><b>P2 (critical)</b></font>")
                    .contains(PUBLIC + "/incidents/" + id);
            String key = "caretaker-shop-incident-" + id;
            assertThat(chat.bodies()).extracting(b -> b.get("thread").get("threadKey").asText()).containsExactly(key, key);
            assertThat(chat.threads).as("both went to one thread").containsOnlyKeys(key);
        }
    }

    /**
     * Google Chat, "Format messages" (text messages) and the REST reference's {@code Message.markupSyntax}: the fallback text
     * is sent as {@code MARKUP_SYNTAX_MARKDOWN} (CommonMark), its marks escaped with backslashes, so a title can neither
     * mention everyone ({@code <users/all>}) nor turn bold or italic.
     */
    @Test
    void google_chat_fallback_text_is_markdown_with_every_mark_of_the_title_escaped(TestDatabase db, Store store) throws Exception {
        try (ChatStandIns.GoogleChat chat = new ChatStandIns.GoogleChat("AIzaSyCaretakerKey0123456789", "gTokenGoogleChat0123456789abcdef")) {
            CaretakerConfig c = config(db, "P2", "{type: google-chat, webhook: \"" + chat.webhook(chat.token) + "\"}");
            openAckResolve(store, c, new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(),
                    List.of(Finding.of("http.down", Severity.CRITICAL, "http://crm/", "<users/all> crm *is* _down_ in db_main"))));
            JsonNode opened = chat.bodies().get(0);
            assertThat(opened.get("markupSyntax").asText()).isEqualTo("MARKUP_SYNTAX_MARKDOWN");
            assertThat(opened.get("text").asText()).contains("\\<users/all> crm \\*is\\* \\_down\\_ in db_main")
                    .doesNotContain(" <users/all>").doesNotContain(" *is*");
        }
    }

    @Test
    void google_chat_fallback_text_reads_as_it_is_when_it_has_no_marks(TestDatabase db, Store store) throws Exception {
        try (ChatStandIns.GoogleChat chat = new ChatStandIns.GoogleChat("AIzaSyCaretakerKey0123456789", "gTokenGoogleChat0123456789abcdef")) {
            CaretakerConfig c = config(db, "P2", "{type: google-chat, webhook: \"" + chat.webhook(chat.token) + "\"}");
            openAckResolve(store, c, "crm is down");
            assertThat(chat.bodies().get(0).get("text").asText()).isEqualTo("🚨 [P2] opened: crm is down — shop");
        }
    }

    @Test
    void mattermost_gets_markdown_text_an_attachment_coloured_by_priority_props_and_important_priority(TestDatabase db, Store store)
            throws Exception {
        try (ChatStandIns.Mattermost mm = new ChatStandIns.Mattermost("mKeyMattermostHook01234567")) {
            CaretakerConfig c = config(db, "P1", "{type: mattermost, webhook: \"" + mm.webhook(mm.key) + "\"}");
            long id = openAckResolve(store, c, "crm is down");
            assertThat(mm.bodies()).hasSize(2);
            JsonNode opened = mm.bodies().get(0);
            assertThat(opened.get("text").asText()).startsWith("**").contains("[P1] opened: crm is down")
                    .contains("(" + PUBLIC + "/incidents/" + id + ")");
            JsonNode a = opened.get("attachments").get(0);
            assertThat(a.get("color").asText()).isEqualTo("#D32F2F");
            assertThat(a.get("title_link").asText()).isEqualTo(PUBLIC + "/incidents/" + id);
            assertThat(a.get("fields").findValuesAsText("title")).contains("Check", "Priority");
            assertThat(a.get("footer").asText()).startsWith("audit log head ");
            assertThat(opened.get("props").get("card").asText()).contains("| Check | crm |");
            assertThat(opened.get("priority").get("priority").asText()).isEqualTo("important");
            assertThat(mm.bodies().get(1).has("priority")).as("a resolution is no important message").isFalse();
            assertThat(mm.bodies().get(1).get("attachments").get(0).get("color").asText()).isEqualTo("#2E7D32");
        }
    }

    @Test
    void rocketchat_gets_markdown_text_and_an_attachment(TestDatabase db, Store store) throws Exception {
        try (ChatStandIns.RocketChat rc = new ChatStandIns.RocketChat("rIntegrationId0001", "rTokenRocketChat0123456789abcdef")) {
            CaretakerConfig c = config(db, "P3", "{type: rocketchat, webhook: \"" + rc.webhook(rc.token) + "\"}");
            long id = openAckResolve(store, c, "crm is down");
            assertThat(rc.bodies()).hasSize(2);
            JsonNode opened = rc.bodies().get(0);
            assertThat(opened.get("text").asText()).contains("[P3] opened: crm is down");
            JsonNode a = opened.get("attachments").get(0);
            assertThat(a.get("color").asText()).isEqualTo("#FBC02D");
            assertThat(a.get("title_link").asText()).isEqualTo(PUBLIC + "/incidents/" + id);
            assertThat(a.get("text").asText()).contains("audit log head ");
            assertThat(a.get("fields").findValuesAsText("title")).contains("Check", "Priority");
        }
    }

    @Test
    void rocketchat_answering_200_with_success_false_is_a_refusal_with_its_words(TestDatabase db) throws Exception {
        try (dev.caretaker.Receiver rc = new dev.caretaker.Receiver(200)) {
            rc.answer = "{\"success\": false, \"error\": \"error-invalid-channel\"}";
            CaretakerConfig c = config(db, "P1", "{type: rocketchat, webhook: \"" + rc.url("/hooks/rIntegrationId0001/rTokenRocketChat0123456789abcdef") + "\"}");
            var ch = c.notifications().channels().get("chat");
            Channel post = ChannelKinds.of(ch).open(ch, c.notifications(), null);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> post.deliver(message("{\"text\": \"hi\"}"), Duration.ofSeconds(5)))
                    .isInstanceOf(DeliveryException.class).hasMessage("rocketchat answered 200 but refused: error-invalid-channel");
            rc.answer = "{\"success\": true}";
            post.deliver(message("{\"text\": \"hi\"}"), Duration.ofSeconds(5));
            assertThat(rc.requests).hasSize(2);
        }
    }

    @Test
    void a_run_report_goes_to_teams_as_a_card_of_its_summary(TestDatabase db, Store store) throws Exception {
        try (TeamsStandIn teams = new TeamsStandIn("sigTeamsWorkflow0123456789abcdef")) {
            CaretakerConfig c = db.config("""
                    system: shop
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      channels:
                        chat: {type: teams, webhook: "%s"}
                      routes:
                        - {priorities: [P0], channels: [chat]}
                      report_to: [chat]
                    """.formatted(teams.webhookUrl()));
            Pipeline.run(store, c, new SettableClock(Instant.now()), "all", crm(true, "crm is down"));
            assertThat(teams.cards()).as("the P1 incident is not routed here; the run's report is").hasSize(1);
            JsonNode report = teams.cards().get(0);
            assertThat(report.get("body").get(0).get("color").asText()).isEqualTo("default");
            assertThat(report.toString()).contains("shop").doesNotContain("Action.OpenUrl");
        }
    }

    @Test
    void a_chat_channel_without_its_webhook_is_a_config_error_that_says_what_to_write(TestDatabase db) {
        for (String type : List.of("teams", "discord", "google-chat", "mattermost", "rocketchat")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(db, "P1", "{type: " + type + "}"))
                    .isInstanceOf(dev.caretaker.config.ConfigException.class)
                    .hasMessageContaining("a channel of type " + type + " needs 'webhook', its incoming webhook URL (");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(db, "P1", "{type: discord, webhook: https://x.example/h, base_url: x}"))
                .hasMessageContaining("unknown key 'base_url'");
    }

    @Test
    void chat_kinds_group_the_changes_of_one_run_into_one_message(TestDatabase db, Store store) throws Exception {
        try (ChatStandIns.Discord discord = new ChatStandIns.Discord("1172000000000000001", "dTokenDiscordWebhook0123456789abcdefXYZ")) {
            CaretakerConfig c = config(db, "P1", "{type: discord, webhook: \"" + discord.webhook(discord.token) + "\"}");
            SettableClock clock = new SettableClock(Instant.now());
            CheckResult two = new CheckResult("crm", "http", Status.CRITICAL, 5, null, List.of(), List.of(
                    Finding.of("http.down", Severity.CRITICAL, "http://crm/", "crm is down"),
                    Finding.of("http.down", Severity.CRITICAL, "http://crm/api", "crm api is down")));
            Pipeline.run(store, c, clock, "all", two);
            assertThat(discord.bodies()).hasSize(1);
            JsonNode embed = discord.bodies().get(0).get("embeds").get(0);
            assertThat(embed.get("title").asText()).contains("2 incidents: 2 opened");
            assertThat(embed.get("description").asText()).contains("crm is down").contains("crm api is down");
        }
    }

    static OutboxMessage message(String body) {
        return new OutboxMessage(1, "chat", "incident_opened", "incident-1-opened-0", List.of("incident-1"), java.util.Map.of("body", body),
                OutboxMessage.State.PENDING, 0, Instant.now(), Instant.now(), null, null);
    }
}
