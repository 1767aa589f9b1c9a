package dev.caretaker.notify.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Priority;
import dev.caretaker.notify.ChannelKinds;
import dev.caretaker.notify.MessageKind;
import dev.caretaker.notify.Notice;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.notify.SampleMessage;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: ntfy} and {@code type: pushover}: a phone buzzes, at the priority our P0-P3 maps to. */
@ExtendWith(TestDatabases.class)
class PushChannelsTest {
    static final String NTFY_TOKEN = "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2";
    static final String APP_TOKEN = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    static final String USER_KEY = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    @TempDir
    Path home;
    Scenario s;

    @BeforeEach
    void open(TestDatabase db, Store store) {
        s = new Scenario(db, store, home);
    }

    @Test
    void ntfy_gets_a_json_publish_with_title_priority_and_tags_and_the_token_as_bearer() throws Exception {
        try (NtfyStandIn api = new NtfyStandIn("Bearer " + NTFY_TOKEN)) {
            CaretakerConfig c = s.config("""
                    notify:
                      channels:
                        phone: {type: ntfy, topic: shop-oncall, token: "%s", base_url: "%s"}
                      routes:
                        - {channels: [phone]}
                    """.formatted(NTFY_TOKEN, api.url()));
            assertThat(s.run(c, true).notifications().delivered()).isEqualTo(1);
            assertThat(api.seen().get(0).path()).isEqualTo("/");
            assertThat(api.seen().get(0).header("authorization")).isEqualTo("Bearer " + NTFY_TOKEN);
            JsonNode m = api.published.get(0);
            assertThat(m.get("topic").asText()).isEqualTo("shop-oncall");
            assertThat(m.get("title").asText()).isEqualTo("[P1] opened: " + Scenario.HOSTILE + " — shop");
            assertThat(m.get("priority").asInt()).as("P1 is ntfy's 4, high").isEqualTo(4);
            assertThat(m.get("tags")).extracting(JsonNode::asText).contains("rotating_light", "P1", "caretaker");
            s.acknowledge(c, "dana");
            s.clock.advance(Duration.ofMinutes(5));
            s.run(c, false);
            assertThat(api.published).as("opened and resolved; not the acknowledgement").hasSize(2);
            assertThat(api.published.get(1).get("tags")).extracting(JsonNode::asText).contains("white_check_mark");
            assertThat(api.published.get(1).get("priority").asInt()).isEqualTo(3);
            assertThat(SampleMessage.send(c, "phone", home, java.time.Clock.systemUTC())).singleElement()
                    .satisfies(x -> assertThat(x.answer()).startsWith("published as message "));
        }
    }

    @Test
    void ntfys_refusal_is_in_notify_status_without_the_password() throws Exception {
        try (NtfyStandIn api = new NtfyStandIn("Basic " + java.util.Base64.getEncoder().encodeToString("ops:right-pass".getBytes()))) {
            CaretakerConfig c = s.config("""
                    notify:
                      channels:
                        phone: {type: ntfy, topic: shop-oncall, user: ops, password: wrong-pass-42, base_url: "%s"}
                      routes:
                        - {channels: [phone]}
                    """.formatted(api.url()));
            s.run(c, true);
            assertThat(s.lastError(c)).isEqualTo("ntfy answered 401: unauthorized (see https://ntfy.sh/docs/publish/#authentication)");
            assertThat(s.status(c).toString()).doesNotContain("wrong-pass-42");
        }
    }

    @Test
    void priorities_map_to_ntfy_and_pushover_levels() {
        assertThat(List.of(Priority.values()).stream().map(NtfyChannel::priority).toList()).containsExactly(5, 4, 3, 2);
        assertThat(List.of(Priority.values()).stream().map(PushoverChannel::priority).toList()).containsExactly(2, 1, 0, -1);
    }

    @Test
    void pushover_gets_the_form_its_api_documents_and_a_p0_goes_as_emergency_with_retry_and_expire() throws Exception {
        try (PushoverStandIn api = new PushoverStandIn(APP_TOKEN, USER_KEY)) {
            CaretakerConfig c = s.config("""
                    notify:
                      channels:
                        push: {type: pushover, user: "%s", token: "%s", base_url: "%s"}
                      routes:
                        - {channels: [push]}
                    """.formatted(USER_KEY, APP_TOKEN, api.url()));
            assertThat(s.run(c, true).notifications().delivered()).isEqualTo(1);
            assertThat(api.seen().get(0).path()).isEqualTo("/1/messages.json");
            assertThat(api.seen().get(0).header("content-type")).startsWith("application/x-www-form-urlencoded");
            Map<String, List<String>> f = api.messages.get(0);
            assertThat(f.get("token")).containsExactly(APP_TOKEN);
            assertThat(f.get("user")).containsExactly(USER_KEY);
            assertThat(f.get("title").get(0)).isEqualTo("[P1] opened: " + Scenario.HOSTILE + " — shop");
            assertThat(f.get("priority")).containsExactly("1");
            assertThat(s.status(c).get(0).payload().toString()).as("the secrets are added when sending, never stored").doesNotContain(APP_TOKEN)
                    .doesNotContain(USER_KEY);

            var ch = c.notifications().channels().get("push");
            var p0 = new dev.caretaker.incident.Incident(7, "shop", "db.down|main", "db.down", dev.caretaker.rule.Alert.Kind.FINDING, "main",
                    "main", dev.caretaker.config.Severity.CRITICAL, Priority.P0, dev.caretaker.incident.Incident.State.OPEN, "main is down",
                    Instant.now(), Instant.now(), null, null, null, null, null, false, false, 0);
            var notice = new Notice.IncidentNotice("shop", Path.of("c.yml"), java.time.ZoneOffset.UTC, MessageKind.INCIDENT_OPENED, "opened", p0,
                    "", null, "https://wiki.example/runbooks/main-down\nthen call Erik");
            Map<String, String> payload = ChannelKinds.of(ch).payload(ch, notice).orElseThrow();
            String answer = ChannelKinds.of(ch).open(ch, c.notifications(), home).deliverAnswered(new OutboxMessage(1, "push", "incident_opened",
                    "k", List.of(), payload, OutboxMessage.State.PENDING, 0, Instant.now(), Instant.now(), null, null), Duration.ofSeconds(5));
            assertThat(answer).contains("receipt ");
            Map<String, List<String>> emergency = api.messages.get(1);
            assertThat(emergency.get("priority")).containsExactly("2");
            assertThat(emergency.get("retry")).containsExactly(String.valueOf(PushoverChannel.RETRY));
            assertThat(emergency.get("expire")).containsExactly(String.valueOf(PushoverChannel.EXPIRE));
            assertThat(emergency.get("url")).containsExactly("https://wiki.example/runbooks/main-down");
            assertThat(emergency.get("tags")).containsExactly("caretaker-shop-7");
            assertThat(api.ringing).containsExactly("caretaker-shop-7");

            // acknowledged in Caretaker: the phone stops ringing, and nothing else is sent
            var ack = new Notice.IncidentNotice("shop", Path.of("c.yml"), java.time.ZoneOffset.UTC, MessageKind.INCIDENT_ACKNOWLEDGED,
                    "acknowledged", p0.acknowledge(Instant.now(), "dana"), "", null, null);
            Map<String, String> ackPayload = ChannelKinds.of(ch).payload(ch, ack).orElseThrow();
            assertThat(ackPayload).containsOnlyKeys("cancel");
            String cancelled = ChannelKinds.of(ch).open(ch, c.notifications(), home).deliverAnswered(new OutboxMessage(2, "push",
                    "incident_acknowledged", "k2", List.of(), ackPayload, OutboxMessage.State.PENDING, 0, Instant.now(), Instant.now(), null, null),
                    Duration.ofSeconds(5));
            assertThat(cancelled).isEqualTo("emergency caretaker-shop-7 cancelled (1 ringing)");
            assertThat(api.ringing).isEmpty();
            assertThat(api.seen().get(api.seen().size() - 1).path()).isEqualTo("/1/receipts/cancel_by_tag/caretaker-shop-7.json");
            assertThat(api.messages).as("no message for the acknowledgement").hasSize(2);

            // a P1's acknowledgement has nothing ringing: it sends nothing at all
            var p1 = new Notice.IncidentNotice("shop", Path.of("c.yml"), java.time.ZoneOffset.UTC, MessageKind.INCIDENT_ACKNOWLEDGED,
                    "acknowledged", new dev.caretaker.incident.Incident(8, "shop", "db.slow|main", "db.slow", dev.caretaker.rule.Alert.Kind.FINDING,
                    "main", "main", dev.caretaker.config.Severity.WARNING, Priority.P1, dev.caretaker.incident.Incident.State.ACKNOWLEDGED,
                    "main is slow", Instant.now(), Instant.now(), Instant.now(), "dana", null, null, null, false, false, 0), "", null, null);
            assertThat(ChannelKinds.of(ch).payload(ch, p1)).isEmpty();
        }
    }

    @Test
    void pushovers_errors_are_in_notify_status_without_the_user_key_or_the_token() throws Exception {
        try (PushoverStandIn api = new PushoverStandIn(APP_TOKEN, USER_KEY)) {
            CaretakerConfig c = s.config("""
                    notify:
                      channels:
                        push: {type: pushover, user: "uWRONGwrongWRONGwrongWRONGwron", token: "%s", base_url: "%s"}
                      routes:
                        - {channels: [push]}
                    """.formatted(APP_TOKEN, api.url()));
            s.run(c, true);
            assertThat(s.lastError(c)).isEqualTo("pushover answered 400: user identifier is not a valid user, group, or subscribed user key, "
                    + "see https://pushover.net/api#identifiers");
            assertThat(s.status(c).toString()).doesNotContain(APP_TOKEN).doesNotContain("uWRONGwrongWRONGwrongWRONGwron");
            assertThat(SampleMessage.send(c, "push", home, java.time.Clock.systemUTC()).get(0).answer())
                    .as("the same words from 'notify test'").contains("user identifier is not a valid user");
        }
    }
}
