package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oncall list | now | override | overrides | remove | feed-url} through the command line, the config run from another
 * directory: an override puts its person on call, is kept in the store, listed, removed and audited; the feed URL is the one
 * the server accepts; bad input is a sentence naming the option and exit 3.
 */
@ExtendWith(TestDatabases.class)
class OncallCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void an_override_puts_its_person_on_call_and_is_audited(TestDatabase db) throws Exception {
        TestPostgres.server();
        Path f = Files.createDirectories(dir.resolve("ops")).resolve("caretaker.yml");
        Files.writeString(f, """
                system: oncall-cli-%s
                store: {home: %s}
                notify:
                  channels:
                    alice-hook: {type: webhook, url: "http://127.0.0.1:9/alice"}
                    bob-hook: {type: webhook, url: "http://127.0.0.1:9/bob"}
                people:
                  alice: {channels: [alice-hook]}
                  bob: {channels: [bob-hook]}
                oncall:
                  support:
                    zone: America/New_York
                    layers: [{members: [alice], rotation: daily, handoff: "00:00"}]
                  weekend:
                    zone: America/New_York
                    layers: [{members: [bob], rotation: daily, handoff: "00:00", restrict: {days: [%s]}}]
                """.formatted(db.name(), TestPostgres.HOME, java.time.LocalDate.now(java.time.ZoneId.of("America/New_York")).plusDays(2)
                .getDayOfWeek().name().substring(0, 3)));
        String c = f.toString();
        CliTest.Outcome now = caretaker(Map.of(), "oncall", "now", "-c", c, "support");
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.out()).as("one member: no handoff within a year").startsWith("support          alice for over a year").contains("reached through: alice-hook");
        CliTest.Outcome nobody = caretaker(Map.of(), "oncall", "now", "-c", c, "weekend");
        assertThat(nobody.code()).as("nobody on call now").isEqualTo(1);
        assertThat(nobody.out()).as("with nobody on call, when the next turn starts").containsPattern("nobody, then bob from \\d{4}-\\d{2}-\\d{2} 00:00");

        CliTest.Outcome noWho = caretaker(Map.of(), "oncall", "override", "-c", c, "support", "--from", "2020-01-01", "--until", "2040-01-01");
        assertThat(noWho.code()).isEqualTo(3);
        assertThat(noWho.err()).contains("--who");
        CliTest.Outcome badTime = caretaker(Map.of(), "oncall", "override", "-c", c, "support", "--who", "bob", "--from", "friday",
                "--until", "2040-01-01");
        assertThat(badTime.code()).isEqualTo(3);
        assertThat(badTime.err()).contains("--from: 'friday' is not a time", "America/New_York");
        CliTest.Outcome typo = caretaker(Map.of(), "oncall", "override", "-c", c, "suport", "--who", "bob", "--from", "2020-01-01",
                "--until", "2040-01-01");
        assertThat(typo.code()).isEqualTo(3);
        assertThat(typo.err()).contains("no on-call schedule 'suport'", "did you mean 'support'");
        CliTest.Outcome stranger = caretaker(Map.of(), "oncall", "override", "-c", c, "support", "--who", "zed", "--from", "2020-01-01",
                "--until", "2040-01-01");
        assertThat(stranger.code()).isEqualTo(3);
        assertThat(stranger.err()).contains("'zed' is not under 'people'");

        String end = java.time.Instant.now().plus(java.time.Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        CliTest.Outcome taken = caretaker(Map.of(), "oncall", "override", "-c", c, "support", "--who", "bob", "--from", "2020-01-01",
                "--until", end, "--by", "alice");
        assertThat(taken.code()).as(taken.err()).isZero();
        assertThat(taken.out()).startsWith("override #").contains("bob is on call for support from 2020-01-01 00:00");
        JsonNode list = JSON.readTree(caretaker(Map.of(), "oncall", "list", "-c", c, "--format", "json").out());
        assertThat(list.get(0).get("on_call").asText()).isEqualTo("bob");
        assertThat(list.get(0).get("override").asBoolean()).isTrue();
        assertThat(list.get(0).get("until").asText()).isEqualTo(end);
        assertThat(list.get(0).get("from")).isNull();
        assertThat(caretaker(Map.of(), "oncall", "now", "-c", c, "support").out()).contains("bob (override)", "reached through: bob-hook");
        String audit = caretaker(Map.of(), "audit", "list", "-c", c).out();
        assertThat(audit).contains("oncall_override").contains("alice").contains("bob on call from 2020-01-01T05:00:00Z");

        CliTest.Outcome listed = caretaker(Map.of(), "oncall", "overrides", "-c", c);
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("support", "bob from 2020-01-01 00:00", "(set by alice)");
        JsonNode json = JSON.readTree(caretaker(Map.of(), "oncall", "overrides", "-c", c, "support", "--format", "json").out());
        long id = json.get(0).get("id").asLong();
        assertThat(json.get(0).get("who").asText()).isEqualTo("bob");
        CliTest.Outcome typoList = caretaker(Map.of(), "oncall", "overrides", "-c", c, "suport");
        assertThat(typoList.code()).isEqualTo(3);
        assertThat(typoList.err()).contains("did you mean 'support'");
        CliTest.Outcome unknown = caretaker(Map.of(), "oncall", "remove", "-c", c, "99999", "--by", "alice");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).contains("no on-call override #99999", "caretaker oncall overrides");
        CliTest.Outcome removed = caretaker(Map.of(), "oncall", "remove", "-c", c, String.valueOf(id), "--by", "alice");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("override #" + id + " removed");
        assertThat(caretaker(Map.of(), "oncall", "now", "-c", c, "support").out()).contains("alice for over a year");
        assertThat(caretaker(Map.of(), "oncall", "overrides", "-c", c).out()).contains("no overrides on now or to come");
        assertThat(caretaker(Map.of(), "audit", "list", "-c", c).out()).contains("oncall_override_removed");
    }

    @Test
    void feed_url_prints_the_url_the_server_accepts_and_needs_a_public_url(TestDatabase db, Store store) throws Exception {
        Path f = Files.createDirectories(dir.resolve("ops")).resolve("caretaker.yml");
        String yaml = """
                system: oncall-feed-%s
                store: {home: %s}
                notify:
                  channels:
                    alice-hook: {type: webhook, url: "http://127.0.0.1:9/alice"}
                people:
                  alice: {channels: [alice-hook]}
                oncall:
                  support:
                    layers: [{members: [alice]}]
                """.formatted(db.name(), TestPostgres.HOME);
        Files.writeString(f, yaml);
        String c = f.toString();
        CliTest.Outcome none = caretaker(Map.of(), "oncall", "feed-url", "-c", c, "support");
        assertThat(none.code()).isEqualTo(3);
        assertThat(none.err()).contains("--base-url", "auth.public_url");
        CliTest.Outcome bad = caretaker(Map.of(), "oncall", "feed-url", "-c", c, "support", "--base-url", "caretaker.example.com");
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.err()).contains("--base-url: 'caretaker.example.com' is not an http:// or https:// URL");
        CliTest.Outcome typo = caretaker(Map.of(), "oncall", "feed-url", "-c", c, "suport", "--base-url", "https://ct.example.com");
        assertThat(typo.code()).isEqualTo(3);
        assertThat(typo.err()).contains("did you mean 'support'");

        CliTest.Outcome given = caretaker(Map.of(), "oncall", "feed-url", "-c", c, "support", "--base-url", "https://ct.example.com/");
        assertThat(given.code()).as(given.err()).isZero();
        String server = Pipeline.engine(store, db.config(yaml), java.time.Clock.systemUTC()).build().oncall()
                .feedUrl("support", "https://ct.example.com");
        assertThat(given.out().strip()).as("the key the server (same store home) checks").isEqualTo(server)
                .matches("https://ct\\.example\\.com/api/v1/oncall/support\\.ics\\?key=[0-9a-f]{64}");

        Files.writeString(f, yaml + "auth: {public_url: \"https://oncall.example.org\"}\n");
        CliTest.Outcome configured = caretaker(Map.of(), "oncall", "feed-url", "-c", c, "support");
        assertThat(configured.code()).as(configured.err()).isZero();
        assertThat(configured.out()).startsWith("https://oncall.example.org/api/v1/oncall/support.ics?key=");
    }
}
