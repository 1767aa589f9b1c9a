package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caretaker tokens create --scope} as an operator types it: read by default, never above the user's role, shown in lists. */
class TokenScopesCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void a_token_is_read_only_unless_told_and_never_above_its_user() throws Exception {
        TestPostgres.server();
        Path f = dir.resolve("shop.yml");
        Files.writeString(f, "system: scopes-%d\nstore: {home: %s}\n".formatted(System.nanoTime(), TestPostgres.HOME));
        String c = f.toString();
        String name = "deploy-bot-" + Long.toString(System.nanoTime(), 36);
        assertThat(caretaker(Map.of(), "users", "add", "-c", c, name, "--role", "operator", "--no-password").code()).isZero();

        CliTest.Outcome plain = caretaker(Map.of(), "tokens", "create", "-c", c, "--user", name, "--label", "grafana");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.err()).contains("scope read");
        CliTest.Outcome operate = caretaker(Map.of(), "tokens", "create", "-c", c, "--user", name, "--scope", "operate", "--expires", "never");
        assertThat(operate.code()).as(operate.err()).isZero();
        assertThat(operate.err()).contains("scope operate").contains("no expiry");

        CliTest.Outcome wider = caretaker(Map.of(), "tokens", "create", "-c", c, "--user", name, "--scope", "approve");
        assertThat(wider.code()).isEqualTo(3);
        assertThat(wider.err()).contains(name + " is an operator").contains("read or operate, not approve");
        CliTest.Outcome unknown = caretaker(Map.of(), "tokens", "create", "-c", c, "--user", name, "--scope", "write");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("no token scope 'write'").contains("read, operate, approve, admin");

        CliTest.Outcome instant = caretaker(Map.of(), "tokens", "create", "-c", c, "--user", name, "--expires", "0d");
        assertThat(instant.code()).as("a token expired when made").isEqualTo(3);
        assertThat(instant.err()).contains("at least 5 minutes").contains("never");
        CliTest.Outcome typo = caretaker(Map.of(), "tokens", "create", "-c", c, "--user", name, "--expires", "NEVR");
        assertThat(typo.code()).isEqualTo(3);
        assertThat(typo.err()).contains("--expires NEVR").contains("or never");
        CliTest.Outcome nobody = caretaker(Map.of(), "tokens", "list", "-c", c, "--user", name + "-typo");
        assertThat(nobody.code()).isEqualTo(3);
        assertThat(nobody.err()).contains("no user '" + name + "-typo'").contains(name);

        JsonNode list = JSON.readTree(caretaker(Map.of(), "tokens", "list", "-c", c, "--user", name, "--format", "json").out());
        assertThat(list.findValuesAsText("scope")).containsExactly("read", "operate");
        assertThat(list.get(0).has("last_used_at")).isTrue();
        String text = caretaker(Map.of(), "tokens", "list", "-c", c, "--user", name).out();
        assertThat(text).contains("read").contains("operate").contains("never used").contains("…  \"grafana\"  created")
                .doesNotContain("grafana\n");
        JsonNode audit = JSON.readTree(caretaker(Map.of(), "audit", "list", "-c", c, "--format", "json").out());
        assertThat(audit.toString()).contains("scope operate");
    }
}
