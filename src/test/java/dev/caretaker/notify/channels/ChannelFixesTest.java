package dev.caretaker.notify.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Receiver;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigProblem;
import dev.caretaker.config.NotifyConfig;
import dev.caretaker.incident.Incident;
import dev.caretaker.notify.ChannelKinds;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.notify.SampleMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a stranger found trying the new channels: titles that became live links, secrets over plain http, a template that
 * renders to broken JSON, Opsgenie's empty answer and "null" audit head, and a missing variable reported twice.
 */
class ChannelFixesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A title from app data or program output, written to become a link, bold and italic where it is not escaped. */
    static final String HOSTILE = "DB \"down\" *bold* _it_ [link](http://evil.example) <http://evil.example|click> & co";

    private static CaretakerConfig parse(String channel, Map<String, String> env) {
        return dev.caretaker.engine.Engine.configLoader(env).parse("caretaker.yml", Path.of("caretaker.yml"),
                "system: shop\nnotify:\n  channels:\n    c: " + channel + "\n");
    }

    private static List<String> problems(String channel, Map<String, String> env) {
        try {
            parse(channel, env);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be refused: " + channel);
    }

    private static Notice.IncidentNotice notice(String title, String audit) {
        Incident s = SampleMessage.incident("shop", "c", Instant.parse("2026-12-07T10:00:00Z"), Incident.State.OPEN);
        Incident i = new Incident(7, s.system(), s.fingerprint(), s.source(), s.kind(), s.check(), s.subject(), s.severity(), s.priority(),
                s.state(), title, s.openedAt(), s.lastSeenAt(), null, null, null, null, null, false, false, 0);
        return new Notice.IncidentNotice("shop", Path.of("caretaker.yml"), ZoneId.of("UTC"), MessageKind.INCIDENT_OPENED, "opened", i,
                "output: " + title, audit, "", null);
    }

    private static JsonNode body(String channel, Notice notice) throws Exception {
        NotifyConfig.Channel ch = parse(channel, Map.of()).notifications().channels().get("c");
        return JSON.readTree(ChannelKinds.of(ch).payload(ch, notice).orElseThrow().get("body"));
    }

    // 1. Titles shown literally (each service's own escaping), our own bold kept.

    @Test
    void a_hostile_title_shows_literally_in_teams_discord_mattermost_rocketchat_and_slack() throws Exception {
        Notice.IncidentNotice n = notice(HOSTILE, "abc123");
        JsonNode card = body("{type: teams, webhook: 'https://example.com/workflows/x'}", n).at("/attachments/0/content/body");
        String teamsTitle = card.get(0).get("text").asText();
        assertThat(teamsTitle).as("Adaptive Card TextBlock (CommonMark subset, backslash escapes)")
                .contains("\\[link](http://evil.example)").contains("\\*bold\\*").contains("\\_it\\_").doesNotContain(" [link](");
        assertThat(card.get(1).get("text").asText()).as("the detail line").contains("\\[link]");

        JsonNode embed = body("{type: discord, webhook: 'https://discord.com/api/webhooks/1/tok'}", n).at("/embeds/0");
        assertThat(embed.get("title").asText()).contains("\\[link](http://evil.example)").contains("\\*bold\\*").contains("\\<http");
        assertThat(embed.get("description").asText()).contains("\\[link](");

        for (String type : List.of("mattermost", "rocketchat")) {
            JsonNode b = body("{type: " + type + ", webhook: 'https://chat.example.com/hooks/abcdefghijklmnopqrstu'}", n);
            assertThat(b.get("text").asText()).as(type + " keeps its own bold title, the title's marks escaped")
                    .startsWith("**🚨 ").endsWith("**").contains("\\*bold\\*").contains("\\[link](http://evil.example)");
            assertThat(b.at("/attachments/0/text").asText()).contains("\\[link]");
        }

        String slack = body("{type: slack, webhook: 'https://hooks.slack.com/services/T/B/X'}", n).get("text").asText();
        assertThat(slack).as("Slack: & < > as &amp; &lt; &gt; (\"Escaping text\"), our bold kept")
                .contains("&lt;http://evil.example|click&gt; &amp; co").doesNotContain("<http://evil").startsWith(":rotating_light: *");

        JsonNode chat = body("{type: google-chat, webhook: 'https://chat.googleapis.com/v1/spaces/S/messages?key=K&token=T'}", n);
        assertThat(chat.at("/cardsV2/0/card/sections/0/widgets/0/textParagraph/text").asText()).contains("&lt;http://evil.example|click&gt; &amp; co");
    }

    @Test
    void a_plain_title_reads_as_written_with_our_bold_heading() throws Exception {
        Notice.IncidentNotice n = notice("Nightly backup missing", null);
        assertThat(body("{type: teams, webhook: 'https://example.com/workflows/x'}", n).at("/attachments/0/content/body/0/text").asText())
                .as("no backslash in a title without marks").isEqualTo("🚨 [P1] opened: Nightly backup missing — shop");
        assertThat(body("{type: mattermost, webhook: 'https://chat.example.com/hooks/abcdefghijklmnopqrstu'}", n).get("text").asText())
                .isEqualTo("**🚨 [P1] opened: Nightly backup missing — shop**");
        assertThat(body("{type: discord, webhook: 'https://discord.com/api/webhooks/1/tok'}", n).at("/embeds/0/title").asText())
                .isEqualTo("🚨 [P1] opened: Nightly backup missing — shop");
        assertThat(body("{type: slack, webhook: 'https://hooks.slack.com/services/T/B/X'}", n).get("text").asText())
                .startsWith(":rotating_light: *[P1] opened: Nightly backup missing — shop*\n");
    }

    // 2. No secret over plain http to another machine.

    static final Map<String, String> SECRET_OVER_HTTP = new LinkedHashMap<>();

    static {
        SECRET_OVER_HTTP.put("{type: discord, webhook: 'http://10.0.0.9/api/webhooks/1/tokentokentokentoken'}", "webhook");
        SECRET_OVER_HTTP.put("{type: teams, webhook: 'http://10.0.0.9/workflows/x'}", "webhook");
        SECRET_OVER_HTTP.put("{type: google-chat, webhook: 'http://10.0.0.9/v1/spaces/S/messages?key=K'}", "webhook");
        SECRET_OVER_HTTP.put("{type: mattermost, webhook: 'http://10.0.0.9/hooks/abc'}", "webhook");
        SECRET_OVER_HTTP.put("{type: rocketchat, webhook: 'http://10.0.0.9/hooks/a/b'}", "webhook");
        SECRET_OVER_HTTP.put("{type: slack, webhook: 'http://10.0.0.9/services/T/B/X'}", "webhook");
        SECRET_OVER_HTTP.put("{type: opsgenie, api_key: k-123456, base_url: 'http://10.0.0.9'}", "base_url");
        SECRET_OVER_HTTP.put("{type: telegram, bot_token: '123:abc', chat_id: '1', base_url: 'http://10.0.0.9'}", "base_url");
        SECRET_OVER_HTTP.put("{type: ntfy, topic: ops, base_url: 'http://10.0.0.9'}", "base_url");
        SECRET_OVER_HTTP.put("{type: pushover, user: u-12345, token: t-12345, base_url: 'http://10.0.0.9'}", "base_url");
        SECRET_OVER_HTTP.put("{type: twilio, account_sid: AC0123456789abcdef0123456789abcdef, auth_token: t-1234, from: '+15017122661', "
                + "to: ['+4915112345678'], base_url: 'http://10.0.0.9'}", "base_url");
        SECRET_OVER_HTTP.put("{type: webhook, url: 'http://10.0.0.9/hook', headers: {Authorization: 'Bearer x-123456'}}", "url");
        SECRET_OVER_HTTP.put("{type: pagerduty, routing_key: R0UTINGKEY123, url: 'http://10.0.0.9/v2/enqueue'}", "url");
    }

    @Test
    void a_secret_over_plain_http_to_another_machine_is_refused_naming_the_key() {
        SECRET_OVER_HTTP.forEach((channel, key) -> assertThat(problems(channel, Map.of())).as(channel)
                .anySatisfy(p -> assertThat(p).contains("'notify.channels.c." + key + "' is plain http to 10.0.0.9")
                        .contains("would cross the network in clear text; use https, or http only to 127.0.0.1/localhost"))
                .allSatisfy(p -> assertThat(p).doesNotContain("tokentokentokentoken", "x-123456", "R0UTINGKEY123")));
    }

    @Test
    void https_anywhere_and_plain_http_to_this_machine_are_accepted() {
        SECRET_OVER_HTTP.keySet().forEach(channel -> {
            assertThat(parse(channel.replace("http://10.0.0.9", "https://10.0.0.9"), Map.of()).notifications().channels()).as(channel).containsKey("c");
            assertThat(parse(channel.replace("http://10.0.0.9", "http://127.0.0.1:8080"), Map.of()).notifications().channels()).as(channel)
                    .containsKey("c");
        });
        assertThat(parse("{type: webhook, url: 'http://10.0.0.9/hook'}", Map.of()).notifications().channels())
                .as("a webhook without secret headers").containsKey("c");
    }

    // 3. A template must render to JSON.

    @Test
    void a_template_that_renders_to_invalid_json_is_a_config_error_with_the_parsers_place() {
        assertThat(problems("{type: webhook, url: 'https://example.com/h', template: '{\"t\": {{incident.title}} }'}", Map.of()))
                .anySatisfy(p -> assertThat(p).contains("notify.channels.c.template").contains("does not render to JSON")
                        .containsPattern("line 1, column \\d+").contains("Unrecognized token"));
    }

    @Test
    void a_template_that_renders_to_json_is_accepted() {
        assertThat(parse("{type: webhook, url: 'https://example.com/h', template: '{\"t\": \"{{incident.title}}\", \"id\": {{incident.id}}}'}",
                Map.of()).notifications().channels()).containsKey("c");
        assertThat(parse("{type: webhook, url: 'https://example.com/h', headers: {Content-Type: text/plain}, template: 'down: {{incident.title}}'}",
                Map.of()).notifications().channels()).as("a Content-Type header that is not JSON").containsKey("c");
    }

    // 4. Opsgenie's answer and audit head.

    @Test
    void opsgenie_without_a_result_says_accepted_with_the_request_id_and_leaves_out_a_missing_audit_head() throws Exception {
        try (Receiver r = new Receiver(202)) {
            NotifyConfig.Channel ch = parse("{type: opsgenie, api_key: k-123456, base_url: '" + r.url("") + "'}", Map.of())
                    .notifications().channels().get("c");
            var kind = ChannelKinds.of(ch);
            Notice.IncidentNotice n = notice("Nightly backup missing", null);
            Map<String, String> payload = kind.payload(ch, n).orElseThrow();
            assertThat(JSON.readTree(payload.get("body")).get("details").has("audit_head")).isFalse();
            OutboxMessage m = new OutboxMessage(0, "c", "incident_opened", "k", List.of(), payload, OutboxMessage.State.PENDING, 0,
                    Instant.now(), Instant.now(), null, null);
            for (String answer : List.of("{\"took\":0.01,\"requestId\":\"req-123\"}", "{\"result\":\"\",\"took\":0.01,\"requestId\":\"req-123\"}")) {
                r.answer = answer;
                assertThat(kind.open(ch, null, null).deliverAnswered(m, Duration.ofSeconds(10))).isEqualTo("accepted, requestId req-123");
            }
        }
    }

    @Test
    void opsgenie_with_a_result_and_an_audit_head_shows_both() throws Exception {
        try (Receiver r = new Receiver(202)) {
            r.answer = "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"req-123\"}";
            NotifyConfig.Channel ch = parse("{type: opsgenie, api_key: k-123456, base_url: '" + r.url("") + "'}", Map.of())
                    .notifications().channels().get("c");
            var kind = ChannelKinds.of(ch);
            Map<String, String> payload = kind.payload(ch, notice("Nightly backup missing", "abc123")).orElseThrow();
            assertThat(JSON.readTree(payload.get("body")).at("/details/audit_head").asText()).isEqualTo("abc123");
            OutboxMessage m = new OutboxMessage(0, "c", "incident_opened", "k", List.of(), payload, OutboxMessage.State.PENDING, 0,
                    Instant.now(), Instant.now(), null, null);
            assertThat(kind.open(ch, null, null).deliverAnswered(m, Duration.ofSeconds(10))).isEqualTo("Request will be processed (requestId req-123)");
        }
    }

    // 5. Key paths, and an unset variable reported once.

    @Test
    void an_unset_variable_is_reported_once_and_a_malformed_token_names_its_key_path() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("{type: telegram, bot_token: '${TELEGRAM_BOT_TOKEN}', chat_id: '1'}", "TELEGRAM_BOT_TOKEN");
        secrets.put("{type: opsgenie, api_key: '${OPSGENIE_KEY}'}", "OPSGENIE_KEY");
        secrets.put("{type: pushover, user: '${PO_USER}', token: t-12345}", "PO_USER");
        secrets.put("{type: twilio, account_sid: AC0123456789abcdef0123456789abcdef, auth_token: '${TWILIO_TOKEN}', from: '+15017122661', "
                + "to: ['+4915112345678']}", "TWILIO_TOKEN");
        secrets.put("{type: ntfy, topic: '${NTFY_TOPIC}'}", "NTFY_TOPIC");
        secrets.put("{type: pagerduty, routing_key: '${PD_KEY}'}", "PD_KEY");
        secrets.put("{type: discord, webhook: '${DISCORD_WEBHOOK}'}", "DISCORD_WEBHOOK");
        secrets.put("{type: slack, webhook: '${SLACK_WEBHOOK}'}", "SLACK_WEBHOOK");
        secrets.put("{type: webhook, url: '${HOOK_URL}'}", "HOOK_URL");
        secrets.forEach((channel, variable) -> assertThat(problems(channel, Map.of())).as(channel).singleElement()
                .satisfies(p -> assertThat(p).contains("environment variable " + variable + " is not set")));
        assertThat(problems("{type: telegram, bot_token: 'not a token', chat_id: '1'}", Map.of())).singleElement()
                .satisfies(p -> assertThat(p).contains("'notify.channels.c.bot_token' is not a Telegram bot token").doesNotContain("not a token'"));
    }

    @Test
    void a_set_variable_is_read_and_a_missing_key_still_says_what_to_write() {
        assertThat(parse("{type: telegram, bot_token: '${TELEGRAM_BOT_TOKEN}', chat_id: '1'}", Map.of("TELEGRAM_BOT_TOKEN", "123:abc"))
                .notifications().channels().get("c").settings()).isEqualTo(new TelegramChannel.Settings("123:abc", "1", TelegramChannel.API));
        assertThat(problems("{type: telegram, chat_id: '1'}", Map.of())).singleElement()
                .satisfies(p -> assertThat(p).contains("'notify.channels.c.bot_token'").contains("needs 'bot_token'"));
    }
}
