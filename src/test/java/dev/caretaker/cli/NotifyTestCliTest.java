package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Receiver;
import dev.caretaker.demo.api.OpsgenieStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caretaker notify test CHANNEL}: one sample, straight to the service, and what it answered; no store needed. */
class NotifyTestCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "eb243592-faa2-4ba2-a551-1afdf565c889";

    @TempDir
    Path dir;

    private String config(String channels) throws Exception {
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, """
                system: shop
                store: {home: "%s"}
                notify:
                  channels:
                """.formatted(dir.resolve("home")) + channels);
        return f.toString();
    }

    @Test
    void a_sample_reaches_slack_pagerduty_and_opsgenie_at_once_and_says_what_they_answered() throws Exception {
        try (Receiver slack = new Receiver(200); Receiver pd = new Receiver(202); OpsgenieStandIn genie = new OpsgenieStandIn(KEY, 0)) {
            slack.answer = "ok";
            pd.answer = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}";
            String c = config("""
                        chat: {type: slack, webhook: "%s"}
                        pager: {type: pagerduty, routing_key: R0UTINGKEY123, url: "%s"}
                        genie: {type: opsgenie, api_key: "%s", base_url: "%s"}
                    """.formatted(slack.url("/services/T/B/X"), pd.url("/v2/enqueue"), KEY, genie.url()));

            CliTest.Outcome chat = caretaker(Map.of(), "notify", "test", "-c", c, "chat");
            assertThat(chat.code()).as(chat.err()).isZero();
            assertThat(chat.out()).contains("sent the sample 'opened' message to chat (slack): ok");
            assertThat(JSON.readTree(slack.requests.get(0).body()).get("text").asText()).contains("Test message from Caretaker");

            CliTest.Outcome pager = caretaker(Map.of(), "notify", "test", "-c", c, "pager");
            assertThat(pager.code()).as(pager.err()).isZero();
            assertThat(pager.out()).contains("sent the sample 'opened' message to pager (pagerduty): {\"status\":\"success\"")
                    .as("a pager's test alert is resolved right after").contains("sent the sample 'resolved' message to pager");
            assertThat(pd.requests).extracting(r -> JSON.readTree(r.body()).get("event_action").asText()).containsExactly("trigger", "resolve");

            CliTest.Outcome og = caretaker(Map.of(), "notify", "test", "-c", c, "genie", "--format", "json");
            assertThat(og.code()).as(og.err()).isZero();
            JsonNode tree = JSON.readTree(og.out());
            assertThat(tree.get("type").asText()).isEqualTo("opsgenie");
            assertThat(tree.get("messages").get(0).get("answer").asText()).startsWith("Request will be processed (requestId ");
            assertThat(genie.alerts()).hasSize(1).allSatisfy((alias, a) -> assertThat(a.status()).isEqualTo("closed"));
        }
    }

    @Test
    void a_refusal_prints_the_services_words_without_the_key_and_exits_1() throws Exception {
        try (OpsgenieStandIn genie = new OpsgenieStandIn(KEY, 0)) {
            String c = config("""
                        genie: {type: opsgenie, api_key: "wrong-key-0000", base_url: "%s"}
                    """.formatted(genie.url()));
            CliTest.Outcome o = caretaker(Map.of(), "notify", "test", "-c", c, "genie");
            assertThat(o.code()).isEqualTo(1);
            assertThat(o.err()).contains("NOT sent: the sample 'opened' message to genie (opsgenie): refused: opsgenie answered 401 to POST "
                    + "/v2/alerts: Could not authenticate").doesNotContain("wrong-key-0000");
            assertThat(o.out() + o.err()).doesNotContain("wrong-key-0000");
        }
    }

    @Test
    void an_unknown_channel_is_a_usage_error_naming_the_channels_there_are() throws Exception {
        String c = config("""
                    ops: {type: email, to: [ops@shop.example]}
                """);
        CliTest.Outcome o = caretaker(Map.of(), "notify", "test", "-c", c, "opps");
        assertThat(o.code()).isEqualTo(3);
        assertThat(o.err()).contains("no channel 'opps' in notify.channels; the channels are ops");
        CliTest.Outcome mail = caretaker(Map.of(), "notify", "test", "-c", c, "ops");
        assertThat(mail.code()).as(mail.err()).isZero();
        assertThat(mail.out()).contains("sent the sample 'opened' message to ops (email)").contains("written to " + dir.resolve("home").resolve("outbox"));
        try (var files = Files.list(dir.resolve("home").resolve("outbox"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".eml")).count()).isEqualTo(1);
        }
    }
}
