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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code incidents ignore | ignored | unignore} through the command line, on a Rails-shaped table: ignoring an incident
 * resolves it as ignored, the next run opens nothing for it and lists it as ignored, the audit log has the row and still
 * verifies; removing the exemption brings the finding back. The config is run from another directory than the file's.
 */
@ExtendWith(TestDatabases.class)
class IgnoreCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(String... args) throws Exception {
        CliTest.Outcome o = caretaker(Map.of(), args);
        assertThat(o.code()).as(String.join(" ", args) + ": " + o.err()).isIn(0, 1, 2);
        return JSON.readTree(o.out());
    }

    private static List<String> openSubjects(String c) throws Exception {
        List<String> out = new ArrayList<>();
        json("incidents", "list", "-c", c, "--open", "--format", "json").forEach(i -> {
            if (i.get("source").asText().equals("postgres.duplicate_index")) {
                out.add(i.get("subject").asText());
            }
        });
        return out;
    }

    @Test
    void an_ignored_incident_resolves_stays_away_is_audited_and_comes_back_when_unignored(TestDatabase db) throws Exception {
        TestPostgres.server();
        db.exec("CREATE TABLE line_items (id bigserial PRIMARY KEY, order_id bigint, sku text)",
                "CREATE INDEX index_line_items_on_order_id ON line_items (order_id)",
                "CREATE INDEX index_line_items_on_order_id_and_sku ON line_items (order_id, sku)");
        Path f = Files.createDirectories(dir.resolve("ops")).resolve("caretaker.yml");
        Files.writeString(f, """
                system: ignore-cli-%s
                store: {home: %s}
                databases:
                  primary: {url: "embedded:%s"}
                checks:
                  primary-db:
                    type: postgres
                    database: primary
                    thresholds: {duplicate_index: {warning: 0}}
                """.formatted(db.name(), TestPostgres.HOME, db.name()));
        String c = f.toString();
        caretaker(Map.of(), "check", "-q", "-c", c);
        long id = json("incidents", "list", "-c", c, "--open", "--format", "json").findParents("source").stream()
                .filter(i -> i.get("subject").asText().equals("index_line_items_on_order_id")).findFirst().orElseThrow().get("id").asLong();

        CliTest.Outcome noReason = caretaker(Map.of(), "incidents", "ignore", "-c", c, String.valueOf(id), "--by", "dana");
        assertThat(noReason.code()).isEqualTo(3);
        assertThat(noReason.err()).contains("--reason");
        CliTest.Outcome past = caretaker(Map.of(), "incidents", "ignore", "-c", c, String.valueOf(id), "--by", "dana", "--reason", "x",
                "--until", "2020-01-01");
        assertThat(past.code()).isEqualTo(3);
        assertThat(past.err()).contains("ended before now");

        CliTest.Outcome ignored = caretaker(Map.of(), "incidents", "ignore", "-c", c, String.valueOf(id), "--by", "dana",
                "--reason", "the nightly export sorts by it", "--until", "30d");
        assertThat(ignored.code()).as(ignored.err()).isZero();
        assertThat(ignored.out()).contains("resolved as ignored", "exemption #");
        String show = caretaker(Map.of(), "incidents", "show", "-c", c, String.valueOf(id)).out();
        assertThat(show).contains("ignored by dana", "resolved as ignored: the nightly export sorts by it");
        JsonNode exemptions = json("incidents", "ignored", "-c", c, "--format", "json");
        assertThat(exemptions).hasSize(1);
        long exemption = exemptions.get(0).get("id").asLong();
        // the hint runs as printed: the config and the name given
        String hint = "caretaker incidents unignore " + exemption + " -c " + c + " --by dana";
        assertThat(ignored.out()).contains("remove it with: " + hint + ")");
        // the end is shown as every other time of the CLI, to the second with its zone, never as a raw instant
        String list = caretaker(Map.of(), "incidents", "ignored", "-c", c).out();
        for (String shown : List.of(ignored.out(), show, list)) {
            assertThat(shown).containsPattern("until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [A-Z]").doesNotContainPattern(":\\d\\d\\.\\d+Z")
                    .doesNotContainPattern("\\d\\dT\\d\\d:");
        }

        // ignoring it again is refused, naming the exemption in force and how to remove it; nothing stacks
        CliTest.Outcome again = caretaker(Map.of(), "incidents", "ignore", "-c", c, String.valueOf(id), "--by", "jo", "--reason", "again");
        assertThat(again.code()).as(again.out()).isEqualTo(3);
        assertThat(again.err()).contains("already ignored", "exemption #" + exemption, "by dana", "the nightly export sorts by it",
                "caretaker incidents unignore " + exemption + " -c " + c + " --by jo");
        assertThat(again.out()).doesNotContain("exemption #");
        assertThat(json("incidents", "ignored", "-c", c, "--format", "json")).hasSize(1);
        assertThat(exemptions.get(0).get("code").asText()).isEqualTo("postgres.duplicate_index");
        assertThat(exemptions.get(0).get("created_by").asText()).isEqualTo("dana");

        JsonNode next = json("check", "-q", "-c", c, "--format", "json");
        assertThat(next.get("ignored").findValuesAsText("subject")).containsExactly("index_line_items_on_order_id");
        assertThat(next.get("ignored").get(0).get("source").asText()).isEqualTo("exemption #" + exemption);
        assertThat(openSubjects(c)).doesNotContain("index_line_items_on_order_id");
        assertThat(caretaker(Map.of(), "check", "-c", c).out()).contains("1 ignored", "the nightly export sorts by it");

        JsonNode audit = json("audit", "list", "-c", c, "--format", "json");
        assertThat(audit.findValuesAsText("event")).contains("exemption_set");
        assertThat(json("audit", "verify", "-c", c, "--format", "json").get("intact").asBoolean()).isTrue();
        assertThat(caretaker(Map.of(), "audit", "verify", "-c", c).out()).containsPattern("audit log intact: (1 row|\\d+ rows); head")
                .doesNotContain("(s)");

        CliTest.Outcome removed = caretaker(Map.of(), hint.substring("caretaker ".length()).split(" "));
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("removed");
        assertThat(caretaker(Map.of(), "incidents", "unignore", "-c", c, String.valueOf(exemption), "--by", "dana").out()).contains("nothing changed");
        assertThat(json("incidents", "ignored", "-c", c, "--format", "json")).isEmpty();
        assertThat(json("incidents", "ignored", "-c", c, "--all", "--format", "json").get(0).get("removed_by").asText()).isEqualTo("dana");
        JsonNode back = json("check", "-q", "-c", c, "--format", "json");
        assertThat(back.get("ignored")).isEmpty();
        assertThat(openSubjects(c)).contains("index_line_items_on_order_id");
        assertThat(json("audit", "list", "-c", c, "--format", "json").findValuesAsText("event")).contains("exemption_removed");
        assertThat(json("audit", "verify", "-c", c, "--format", "json").get("intact").asBoolean()).isTrue();
        assertThat(caretaker(Map.of(), "incidents", "unignore", "-c", c, "999999", "--by", "dana").err())
                .contains("no exemption #999999", "caretaker incidents ignored --all -c " + c);
    }

    @Test
    void validate_warns_of_an_ignore_whose_until_has_passed() throws Exception {
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, """
                system: ignore-validate
                store: {home: %s}
                checks:
                  site:
                    type: http
                    url: https://shop.example/health
                    ignore:
                      - {code: http.slow, reason: "the CDN is slow on Mondays", until: 2020-01-01}
                      - {code: http.cert_expiring, reason: "renewed by the host", until: 2099-01-01}
                """.formatted(TestPostgres.HOME));
        CliTest.Outcome o = caretaker(Map.of(), "validate", "-c", f.toString());
        assertThat(o.code()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("checks.site.ignore[0]", "expired", "http.slow").doesNotContain("ignore[1]");
    }

    @Test
    void an_outage_cannot_be_ignored_and_says_what_to_use_instead() throws Exception {
        TestPostgres.server();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, """
                system: ignore-outage-%d
                store: {home: %s}
                checks:
                  payments-api: {type: http, url: "http://127.0.0.1:%d/health"}
                """.formatted(closed, TestPostgres.HOME, closed));
        String c = f.toString();
        caretaker(Map.of(), "check", "-q", "-c", c);
        long id = json("incidents", "list", "-c", c, "--open", "--format", "json").get(0).get("id").asLong();
        CliTest.Outcome o = caretaker(Map.of(), "incidents", "ignore", "-c", c, String.valueOf(id), "--by", "dana", "--reason", "moving it");
        assertThat(o.code()).isEqualTo(3);
        assertThat(o.err()).contains("cannot be ignored", "maintenance window");
        assertThat(json("incidents", "ignored", "-c", c, "--format", "json")).isEmpty();
    }
}
