package dev.caretaker.notify.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Priority;
import dev.caretaker.demo.api.OpsgenieStandIn;
import dev.caretaker.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: opsgenie} against the Alert API stand-in: create by alias, acknowledge and close by alias. */
@ExtendWith(TestDatabases.class)
class OpsgenieChannelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "eb243592-faa2-4ba2-a551-1afdf565c889";

    @TempDir
    Path home;
    Scenario s;

    @BeforeEach
    void open(TestDatabase db, Store store) {
        s = new Scenario(db, store, home);
    }

    private CaretakerConfig config(OpsgenieStandIn api, String key) {
        return s.config("""
                notify:
                  channels:
                    genie: {type: opsgenie, api_key: "%s", base_url: "%s"}
                  routes:
                    - {channels: [genie]}
                  report_to: [genie]
                """.formatted(key, api.url()));
    }

    @Test
    void an_incident_opens_an_alert_by_its_dedup_key_our_ack_acknowledges_it_and_our_resolve_closes_it() throws Exception {
        try (OpsgenieStandIn api = new OpsgenieStandIn(KEY, 0)) {
            CaretakerConfig c = config(api, KEY);
            assertThat(s.run(c, true).notifications().delivered()).as("the alert; no report: Opsgenie pages for incidents only").isEqualTo(1);
            String alias = "shop|http.down|crm|" + Scenario.SUBJECT;
            assertThat(api.seen().get(0).path()).isEqualTo("/v2/alerts");
            assertThat(api.seen().get(0).header("authorization")).isEqualTo("GenieKey " + KEY);
            JsonNode create = JSON.readTree(api.bodies().get(0));
            assertThat(create.get("alias").asText()).isEqualTo(alias);
            assertThat(create.get("message").asText()).hasSizeLessThanOrEqualTo(130).startsWith("[P1] a_b*c[d](e)!");
            assertThat(create.get("priority").asText()).as("our P1 is Opsgenie's P2").isEqualTo("P2");
            assertThat(create.get("tags")).extracting(JsonNode::asText).contains("caretaker", "P1", "critical", "crm");
            assertThat(create.get("details").get("audit_head").asText()).matches("\\d+:[0-9a-f]{16}");
            assertThat(create.get("description").asText()).contains(Scenario.HOSTILE);
            assertThat(api.alerts().get(alias).status()).isEqualTo("open");

            s.clock.advance(Duration.ofMinutes(5));
            s.acknowledge(c, "dana");
            assertThat(api.seen().get(1).path()).isEqualTo("/v2/alerts/" + alias + "/acknowledge");
            assertThat(api.seen().get(1).query()).containsEntry("identifierType", "alias");
            assertThat(JSON.readTree(api.bodies().get(1)).get("user").asText()).isEqualTo("dana");
            assertThat(api.alerts().get(alias).status()).as("found by its alias, slashes, ? and & in it encoded").isEqualTo("acknowledged");

            s.clock.advance(Duration.ofMinutes(5));
            s.run(c, false);
            assertThat(api.seen().get(api.seen().size() - 1).path()).isEqualTo("/v2/alerts/" + alias + "/close");
            assertThat(api.alerts().get(alias).status()).isEqualTo("closed");
            assertThat(api.alerts()).hasSize(1);
        }
    }

    @Test
    void a_refused_key_shows_opsgenies_message_in_notify_status_and_never_the_key() throws Exception {
        try (OpsgenieStandIn api = new OpsgenieStandIn(KEY, 0)) {
            CaretakerConfig c = config(api, "11111111-2222-3333-4444-555555555555");
            assertThat(s.run(c, true).notifications().delivered()).isZero();
            assertThat(s.lastError(c)).isEqualTo("opsgenie answered 401 to POST /v2/alerts: Could not authenticate");
            assertThat(s.status(c).toString()).doesNotContain("11111111-2222-3333-4444-555555555555");
            assertThat(api.alerts()).isEmpty();
        }
    }

    @Test
    void priorities_map_to_opsgenies_p1_to_p4() {
        assertThat(OpsgenieChannel.priority(Priority.P0)).isEqualTo("P1");
        assertThat(OpsgenieChannel.priority(Priority.P1)).isEqualTo("P2");
        assertThat(OpsgenieChannel.priority(Priority.P2)).isEqualTo("P3");
        assertThat(OpsgenieChannel.priority(Priority.P3)).isEqualTo("P4");
    }
}
