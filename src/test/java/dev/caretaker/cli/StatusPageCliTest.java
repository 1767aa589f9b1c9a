package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code status-page post | update | posts} through the command line, the config run from another directory: a post and
 * its updates are kept and audited under {@code --by}; a quiet update tells no subscriber; bad input is a sentence naming
 * what to fix and exit 3.
 */
@ExtendWith(TestDatabases.class)
class StatusPageCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void an_incident_is_posted_updated_and_listed_and_bad_input_is_refused(TestDatabase db) throws Exception {
        TestPostgres.server();
        Path f = Files.createDirectories(dir.resolve("ops")).resolve("caretaker.yml");
        Files.writeString(f, dev.caretaker.status.StatusPostsTest.config("sp-cli-" + db.name()) + "store: {home: " + TestPostgres.HOME + "}\n");
        String c = f.toString();

        CliTest.Outcome help = caretaker(Map.of(), "status-page", "post", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--maintenance", "--quiet", "--component");
        CliTest.Outcome noTitle = caretaker(Map.of(), "status-page", "post", "-c", c, "--status", "investigating", "--message", "m");
        assertThat(noTitle.code()).isEqualTo(3);
        assertThat(noTitle.err()).contains("--title");
        CliTest.Outcome typo = caretaker(Map.of(), "status-page", "post", "-c", c, "--title", "Slow", "--status", "investigating",
                "--message", "m", "--component", "Storefrnt");
        assertThat(typo.code()).isEqualTo(3);
        assertThat(typo.err()).contains("no component 'Storefrnt'", "did you mean 'Storefront'", "its components: Storefront, Payments");
        CliTest.Outcome window = caretaker(Map.of(), "status-page", "post", "-c", c, "--title", "Upgrade", "--status", "scheduled",
                "--message", "m", "--maintenance", "--from", "tonight", "--to", "2040-01-01T02:00");
        assertThat(window.code()).isEqualTo(3);
        assertThat(window.err()).contains("--from: 'tonight' is not a time", "Europe/Berlin");
        CliTest.Outcome noWindow = caretaker(Map.of(), "status-page", "post", "-c", c, "--title", "Upgrade", "--status", "scheduled",
                "--message", "m", "--maintenance");
        assertThat(noWindow.code()).isEqualTo(3);
        assertThat(noWindow.err()).contains("a maintenance needs --from and --to");

        CliTest.Outcome posted = caretaker(Map.of(), "status-page", "post", "-c", c, "--title", "Checkout fails", "--status", "investigating",
                "--message", "We are looking into it.", "--component", "Payments", "--by", "oda", "--format", "json");
        assertThat(posted.code()).as(posted.err()).isZero();
        long id = JSON.readTree(posted.out()).get("id").asLong();
        CliTest.Outcome quiet = caretaker(Map.of(), "status-page", "update", "-c", c, String.valueOf(id), "--status", "identified",
                "--message", "An expired certificate.", "--quiet", "--by", "ben");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out()).startsWith("#" + id + " incident identified: Checkout fails (Payments)").contains("identified by ben (quiet): An expired certificate.");
        CliTest.Outcome resolved = caretaker(Map.of(), "status-page", "update", "-c", c, String.valueOf(id), "--status", "resolved", "--message", "Fixed.");
        assertThat(resolved.code()).as(resolved.err()).isZero();
        CliTest.Outcome late = caretaker(Map.of(), "status-page", "update", "-c", c, String.valueOf(id), "--status", "monitoring", "--message", "x");
        assertThat(late.code()).isEqualTo(3);
        assertThat(late.err()).contains("is resolved and takes no more updates; to reopen it, post an update with status investigating");
        CliTest.Outcome missing = caretaker(Map.of(), "status-page", "update", "-c", c, "999999", "--status", "monitoring", "--message", "x");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no status post #999999");

        assertThat(caretaker(Map.of(), "status-page", "posts", "-c", c).out()).startsWith("no open posts");
        JsonNode all = JSON.readTree(caretaker(Map.of(), "status-page", "posts", "-c", c, "--all", "--format", "json").out());
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("status").asText()).isEqualTo("resolved");
        assertThat(all.get(0).get("updates")).hasSize(3);
        assertThat(all.get(0).get("updates").get(1).get("notify").asBoolean()).isFalse();
        String audit = caretaker(Map.of(), "audit", "list", "-c", c).out();
        assertThat(audit).contains("status_posted", "oda", "status_updated", "ben");
    }
}
