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

/** {@code caretaker users} and {@code caretaker tokens} as an operator types them: the token shown once, never listed. */
class UsersCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void users_and_tokens_from_the_command_line() throws Exception {
        TestPostgres.server();
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, "system: people-%d\nstore: {home: %s}\n".formatted(System.nanoTime(), TestPostgres.HOME));
        String c = f.toString();
        String name = "ops-" + Long.toString(System.nanoTime(), 36);

        CliTest.Outcome added = caretaker(Map.of(), "users", "add", "-c", c, name, "--role", "approver", "--generate-password");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("password (shown once): ").contains("added as approver");
        CliTest.Outcome twice = caretaker(Map.of(), "users", "add", "-c", c, name, "--role", "viewer", "--no-password");
        assertThat(twice.code()).isEqualTo(3);
        assertThat(twice.err()).contains("already a user '" + name + "'");
        CliTest.Outcome badRole = caretaker(Map.of(), "users", "add", "-c", c, name + "x", "--role", "root", "--no-password");
        assertThat(badRole.code()).isEqualTo(3);
        assertThat(badRole.err()).contains("no role 'root'").contains("viewer, operator, approver, admin");

        CliTest.Outcome token = caretaker(Map.of(), "tokens", "create", "-c", c, "--user", name, "--expires", "7d", "--label", "ci");
        assertThat(token.code()).as(token.err()).isZero();
        String secret = token.out().trim();
        assertThat(secret).startsWith("ct_");
        assertThat(token.err()).contains("shown this once");

        CliTest.Outcome list = caretaker(Map.of(), "tokens", "list", "-c", c, "--user", name, "--format", "json");
        JsonNode tokens = JSON.readTree(list.out());
        assertThat(tokens.get(0).get("state").asText()).isEqualTo("active");
        assertThat(list.out()).doesNotContain(secret);
        long id = tokens.get(0).get("id").asLong();
        assertThat(caretaker(Map.of(), "tokens", "revoke", "-c", c, String.valueOf(id)).code()).isZero();
        assertThat(JSON.readTree(caretaker(Map.of(), "tokens", "list", "-c", c, "--user", name, "--format", "json").out())
                .get(0).get("state").asText()).isEqualTo("revoked");

        JsonNode users = JSON.readTree(caretaker(Map.of(), "users", "list", "-c", c, "--format", "json").out());
        assertThat(users.findValuesAsText("name")).contains(name);
        assertThat(caretaker(Map.of(), "users", "role", "-c", c, name, "operator").code()).isZero();
        assertThat(caretaker(Map.of(), "users", "passwd", "-c", c, name, "--generate-password").out()).contains("shown once");
        JsonNode audit = JSON.readTree(caretaker(Map.of(), "audit", "list", "-c", c, "--format", "json").out());
        assertThat(audit.findValuesAsText("event")).contains("user_added", "token_created", "token_revoked", "role_changed", "password_changed");
        assertThat(audit.toString()).doesNotContain(secret);
        assertThat(caretaker(Map.of(), "users", "remove", "-c", c, name).code()).isZero();
    }

    @Test
    void users_list_shows_two_factors_and_reset_2fa_is_audited() throws Exception {
        TestPostgres.server();
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, "system: people-%d\nstore: {home: %s}\n".formatted(System.nanoTime(), TestPostgres.HOME));
        String c = f.toString();
        String name = "ops-" + Long.toString(System.nanoTime(), 36);
        assertThat(caretaker(Map.of(), "users", "add", "-c", c, name, "--role", "approver", "--generate-password").code()).isZero();

        JsonNode users = JSON.readTree(caretaker(Map.of(), "users", "list", "-c", c, "--format", "json").out());
        JsonNode me = users.findParents("name").stream().filter(u -> u.get("name").asText().equals(name)).findFirst().orElseThrow();
        assertThat(me.get("two_factors").asBoolean()).isFalse();
        assertThat(caretaker(Map.of(), "users", "list", "-c", c).out()).contains(name);

        CliTest.Outcome reset = caretaker(Map.of(), "users", "reset-2fa", "-c", c, name);
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).contains(name + " has no two factors; nothing changed").doesNotContain("reset:");
        assertThat(JSON.readTree(caretaker(Map.of(), "audit", "list", "-c", c, "--format", "json").out()).findValuesAsText("event"))
                .as("nothing changed, nothing audited").doesNotContain("totp_reset");
        CliTest.Outcome twice = caretaker(Map.of(), "users", "reset-2fa", "-c", c, name);
        assertThat(twice.code()).isZero();
        assertThat(twice.out()).contains(name + " has no two factors; nothing changed");
        CliTest.Outcome nobody = caretaker(Map.of(), "users", "reset-2fa", "-c", c, name + "-nobody");
        assertThat(nobody.code()).isEqualTo(3);
        assertThat(nobody.err()).contains("no user '" + name + "-nobody'");
        String help = caretaker(Map.of(), "users", "reset-2fa", "--help").out();
        assertThat(help).contains("Turn off a user's two factors");
        // the part after the usage line reads as a whole paragraph, not a stray last sentence
        String after = help.substring(help.indexOf("NAME", help.indexOf("Usage:"))).replaceAll("\\s+", " ");
        assertThat(after).contains("recovery codes are removed").contains("Recorded in the audit log");
    }
}
