package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentsCliTest {
    @TempDir
    Path dir;

    @Test
    void a_down_service_opens_one_incident_that_can_be_listed_acknowledged_shown_and_resolved() throws Exception {
        TestPostgres.server();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path f = dir.resolve("caretaker.yml");
        String system = "incidents-cli-" + closed;
        Files.writeString(f, """
                system: %s
                store:
                  home: %s
                checks:
                  gateway:
                    type: http
                    url: http://127.0.0.1:%d/
                """.formatted(system, TestPostgres.HOME, closed));
        CliTest.Outcome first = caretaker(Map.of(), "check", "-q", "-c", f.toString(), "--format", "json");
        assertThat(first.code()).isEqualTo(2);
        JsonNode report = new ObjectMapper().readTree(first.out());
        assertThat(report.get("alerts").findValuesAsText("source")).contains("http.down");
        assertThat(report.get("incidents").findValuesAsText("change")).contains("opened");
        JsonNode again = new ObjectMapper().readTree(caretaker(Map.of(), "check", "-q", "-c", f.toString(), "--format", "json").out());
        assertThat(again.get("incidents").findValuesAsText("change")).as("the same problem opens nothing new").doesNotContain("opened");

        JsonNode list = new ObjectMapper().readTree(caretaker(Map.of(), "incidents", "list", "-c", f.toString(), "--open", "--format", "json").out());
        JsonNode down = null;
        for (JsonNode i : list) {
            if (i.get("source").asText().equals("http.down")) {
                down = i;
            }
        }
        assertThat(down).isNotNull();
        long id = down.get("id").asLong();
        assertThat(down.get("priority").asText()).isEqualTo("P1");

        assertThat(caretaker(Map.of(), "incidents", "ack", "-c", f.toString(), String.valueOf(id), "--by", "dana").out()).contains("acknowledged");
        CliTest.Outcome resolved = caretaker(Map.of(), "incidents", "resolve", "-c", f.toString(), String.valueOf(id), "--by", "dana",
                "--note", "gateway restarted");
        assertThat(resolved.code()).isZero();
        assertThat(caretaker(Map.of(), "incidents", "show", "-c", f.toString(), String.valueOf(id)).out())
                .contains("opened", "acknowledged by dana", "resolved by dana: gateway restarted");
        CliTest.Outcome twice = caretaker(Map.of(), "incidents", "resolve", "-c", f.toString(), String.valueOf(id), "--by", "dana");
        assertThat(twice.code()).isEqualTo(3);
        assertThat(twice.err()).contains("already resolved");
        assertThat(caretaker(Map.of(), "incidents", "ack", "-c", f.toString(), "999999", "--by", "x").err()).contains("no incident #999999");
    }
}
