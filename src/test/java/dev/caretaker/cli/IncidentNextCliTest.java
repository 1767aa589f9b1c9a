package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caretaker incidents show} says what pages next (an escalation step, with its channels and time) for an open
 * incident nobody acknowledged, in text and JSON, and nothing once it is acknowledged. Run from another directory than the
 * config's.
 */
@ExtendWith(TestDatabases.class)
class IncidentNextCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void show_names_the_next_escalation_step_until_the_incident_is_acknowledged(TestDatabase db) throws Exception {
        TestPostgres.server();
        try (Receiver hooks = new Receiver(200)) {
            Path f = Files.createDirectories(dir.resolve("ops")).resolve("caretaker.yml");
            Files.writeString(f, """
                    system: next-cli-%s
                    store: {home: %s}
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/"}
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      channels:
                        ops: {type: webhook, url: "%s"}
                        oncall-primary: {type: webhook, url: "%s"}
                      routes:
                        - {channels: [ops]}
                    incidents:
                      escalation:
                        P1:
                          - {after: 15m, notify: [oncall-primary]}
                    """.formatted(db.name(), TestPostgres.HOME, hooks.url("/ops"), hooks.url("/primary")));
            String c = f.toString();
            caretaker(Map.of(), "check", "-q", "-c", c);
            JsonNode list = JSON.readTree(caretaker(Map.of(), "incidents", "list", "-c", c, "--open", "--format", "json").out());
            long id = list.get(0).get("id").asLong();

            CliTest.Outcome show = caretaker(Map.of(), "incidents", "show", "-c", c, String.valueOf(id));
            assertThat(show.code()).as(show.err()).isZero();
            assertThat(show.out()).contains("  next: escalation step 1 of 1 to oncall-primary at ");
            JsonNode next = JSON.readTree(caretaker(Map.of(), "incidents", "show", "-c", c, String.valueOf(id), "--format", "json").out())
                    .get("next");
            assertThat(next.get("what").asText()).isEqualTo("escalation step 1 of 1 to oncall-primary");
            assertThat(next.get("text").asText()).startsWith("escalation step 1 of 1 to oncall-primary at ");

            CliTest.Outcome ack = caretaker(Map.of(), "incidents", "ack", "-c", c, String.valueOf(id), "--by", "dana");
            assertThat(ack.code()).as(ack.err()).isZero();
            assertThat(caretaker(Map.of(), "incidents", "show", "-c", c, String.valueOf(id)).out()).doesNotContain("next:");
            assertThat(JSON.readTree(caretaker(Map.of(), "incidents", "show", "-c", c, String.valueOf(id), "--format", "json").out())
                    .get("next").isNull()).isTrue();
        }
    }
}
