package dev.caretaker.cli;

import static dev.caretaker.cli.CliTest.caretaker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Receiver;
import dev.caretaker.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What every command promises: --help, exit 3 for usage errors, JSON for every list and show, sentences instead of exceptions. */
class CliContractTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Every command and subcommand, as the words that call it. */
    static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        walk(Main.commandLine(Map.of()), new ArrayList<>(), out);
        return out;
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            List<String> words = new ArrayList<>(path);
            words.add(sub.getKey());
            out.add(words);
            walk(sub.getValue(), words, out);
        }
    }

    @Test
    void every_command_answers_help_with_0_and_every_usage_error_with_3() {
        List<List<String>> all = commands();
        assertThat(all).hasSizeGreaterThan(20);
        for (List<String> words : all) {
            List<String> help = new ArrayList<>(words);
            help.add("--help");
            CliTest.Outcome h = caretaker(Map.of(), help.toArray(String[]::new));
            assertThat(h.code()).as(String.join(" ", help) + ": " + h.err()).isZero();
            assertThat(h.out()).as(String.join(" ", help)).contains("Usage:");

            if (words.get(0).equals("help")) {
                continue; // 'help anything' shows the help: that is what it is for
            }
            List<String> bad = new ArrayList<>(words);
            bad.add("--no-such-option");
            CliTest.Outcome b = caretaker(Map.of(), bad.toArray(String[]::new));
            assertThat(b.code()).as(String.join(" ", bad) + " is a usage error: UNKNOWN, never CRITICAL").isEqualTo(3);
            assertThat(b.err()).contains("--help");
        }
        assertThat(caretaker(Map.of(), "check").code()).as("a missing -c").isEqualTo(3);
        assertThat(caretaker(Map.of(), "check", "-c", "x.yml", "--parallel", "many").code()).isEqualTo(3);
        assertThat(caretaker(Map.of(), "incidents", "list", "-c", "x.yml", "--format", "yaml").code()).isEqualTo(3);
    }

    @Test
    void every_commands_help_reads_whole_within_80_columns() {
        String top = caretaker(Map.of(), "--help").out().replaceAll("\\s+", "");
        for (List<String> words : commands()) {
            if (words.get(0).equals("help")) {
                continue; // picocli's own
            }
            CommandLine cl = subcommand(words);
            String name = String.join(" ", words);
            String[] header = cl.getCommandSpec().usageMessage().header();
            assertThat(header).as(name + ": one summary sentence").hasSize(1);
            assertThat(header[0]).as(name).endsWith(".");
            String[] description = cl.getCommandSpec().usageMessage().description();
            assertThat(description).as(name + ": one paragraph, wrapped by picocli").hasSizeLessThanOrEqualTo(1);

            String out = help(words);
            assertThat(out.lines()).as(name + " --help: lines within 80 columns").allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
            // picocli wraps where Unicode allows a line break (spaces, after a slash or a hyphen): without the white space
            // it put in, the help holds every sentence whole, none cut off
            String flat = out.replaceAll("\\s+", "");
            assertThat(flat).as(name).contains(header[0].replaceAll("\\s+", ""));
            if (description.length == 1) {
                assertThat(flat).as(name).contains(description[0].replaceAll("\\s+", ""));
            }
            if (words.size() == 1) {
                assertThat(top).as("caretaker --help lists " + name + " with its whole first sentence").contains(header[0].replaceAll("\\s+", ""));
            }
        }
    }

    /**
     * picocli breaks a word that does not fit at its punctuation (after a colon, a dot, a slash or an at sign), which cuts a
     * URL or a key path in two: "postgresql://user:password@host:⏎5432/db". Every word of every command's and option's text
     * must stand whole on one line of its help (words carrying a picocli variable are left out: they are replaced).
     */
    @Test
    void every_word_of_every_help_stands_whole_on_one_line() {
        List<String> broken = new ArrayList<>();
        for (List<String> words : commands()) {
            if (words.get(0).equals("help")) {
                continue; // picocli's own
            }
            CommandLine cl = subcommand(words);
            List<String> texts = new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().header()));
            texts.addAll(List.of(cl.getCommandSpec().usageMessage().description()));
            cl.getCommandSpec().args().forEach(a -> texts.addAll(List.of(a.description())));
            List<String> lines = help(words).lines().toList();
            for (String text : texts) {
                for (String token : text.split("\\s+")) {
                    if (!token.isEmpty() && !token.contains("${") && lines.stream().noneMatch(l -> l.contains(token))) {
                        broken.add(String.join(" ", words) + ": " + token);
                    }
                }
            }
        }
        assertThat(broken).as("words broken across lines of --help").isEmpty();
    }

    /** The command a path of subcommand names leads to ({@code ["incidents", "ignore"]}). */
    private static CommandLine subcommand(List<String> words) {
        CommandLine cl = Main.commandLine(Map.of(), words.toArray(String[]::new));
        for (String w : words) {
            cl = cl.getSubcommands().get(w);
        }
        return cl;
    }

    /** What {@code caretaker WORDS --help} prints. */
    private static String help(List<String> words) {
        List<String> args = new ArrayList<>(words);
        args.add("--help");
        return caretaker(Map.of(), args.toArray(String[]::new)).out();
    }

    @Test
    void every_list_and_show_speaks_json_and_a_second_ack_changes_nothing() throws Exception {
        TestPostgres.server();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Receiver worker = new Receiver(200)) {
            String system = "contract-" + closed;
            Path f = dir.resolve("caretaker.yml");
            Files.writeString(f, """
                    system: %s
                    timezone: Europe/Berlin
                    store: {home: %s}
                    checks:
                      gateway: {type: http, url: "http://127.0.0.1:%d/"}
                    actions:
                      restart-gateway:
                        type: http
                        policy: approval
                        when: http.down
                        url: "%s"
                    """.formatted(system, TestPostgres.HOME, closed, worker.url("/restart")));
            String c = f.toString();
            assertThat(caretaker(Map.of(), "check", "-q", "-c", c).code()).isEqualTo(2);
            JsonNode incidents = json("incidents", "list", "-c", c);
            long id = incidents.get(0).get("id").asLong();
            assertThat(incidents.get(0).get("opened_at").asText()).as("in the config's time zone").matches(".*\\+0[12]:00");
            assertThat(json("incidents", "show", "-c", c, String.valueOf(id)).get("timeline").get(0).get("kind").asText()).isEqualTo("opened");
            assertThat(json("approvals", "list", "-c", c).get(0).get("action").asText()).isEqualTo("restart-gateway");
            assertThat(json("audit", "list", "-c", c).get(0).get("event").asText()).isEqualTo("requested");
            assertThat(json("audit", "verify", "-c", c).get("intact").asBoolean()).isTrue();
            assertThat(json("actions", "list", "-c", c).get(0).get("policy").asText()).isEqualTo("approval");
            JsonNode status = json("notify", "status", "-c", c, "--limit", "5");
            assertThat(status.get("counts").get("pending").asInt()).isZero();
            assertThat(json("notify", "flush", "-c", c).get("delivered").asInt()).isZero();
            assertThat(json("validate", "-c", c).get("valid").asBoolean()).isTrue();

            assertThat(caretaker(Map.of(), "incidents", "ack", "-c", c, String.valueOf(id), "--by", "dana").code()).isZero();
            CliTest.Outcome again = caretaker(Map.of(), "incidents", "ack", "-c", c, String.valueOf(id), "--by", "erik");
            assertThat(again.code()).isZero();
            assertThat(again.out()).contains("already acknowledged by dana").contains("nothing changed");
            assertThat(json("incidents", "show", "-c", c, String.valueOf(id)).get("timeline").findValuesAsText("kind"))
                    .containsOnlyOnce("acknowledged");

            Path other = dir.resolve("other.yml");
            Files.writeString(other, "system: someone-else\nstore: {home: " + TestPostgres.HOME + "}\n");
            CliTest.Outcome foreign = caretaker(Map.of(), "incidents", "show", "-c", other.toString(), String.valueOf(id));
            assertThat(foreign.code()).isEqualTo(3);
            assertThat(foreign.err()).contains("incident #" + id + " belongs to system '" + system + "', not to 'someone-else'");
            assertThat(caretaker(Map.of(), "incidents", "ack", "-c", other.toString(), String.valueOf(id), "--by", "x").err())
                    .contains("belongs to system '" + system + "'");
        }
    }

    @Test
    void a_store_that_cannot_be_used_is_a_sentence_that_says_what_to_check_not_an_exception() throws Exception {
        var pg = TestPostgres.server();
        Path f = dir.resolve("caretaker.yml");
        Files.writeString(f, """
                system: shop
                store: {url: "%s", user: caretaker, password: "%s"}
                """.formatted(pg.jdbcUrl("no_store_here"), pg.password()));
        CliTest.Outcome o = caretaker(Map.of(), "incidents", "list", "-c", f.toString());
        assertThat(o.code()).isEqualTo(3);
        assertThat(o.err()).contains("FATAL: database \"no_store_here\" does not exist").contains("check store.url")
                .doesNotContain("PSQLException", "Exception:", "\tat ", pg.password());
    }

    private static JsonNode json(String... args) throws Exception {
        List<String> words = new ArrayList<>(List.of(args));
        words.add("--format");
        words.add("json");
        CliTest.Outcome o = caretaker(Map.of(), words.toArray(String[]::new));
        assertThat(o.code()).as(String.join(" ", words) + ": " + o.err()).isIn(0, 1);
        return JSON.readTree(o.out());
    }
}
