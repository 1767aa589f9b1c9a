package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Programs run as Nagios plugins: real scripts in a folder of their own, their exit codes, output and performance data. */
class CommandCheckTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    private CaretakerConfig config(String checks) throws Exception {
        Path file = dir.resolve("caretaker.yml");
        String yaml = "checks:\n" + checks.indent(2);
        Files.writeString(file, yaml);
        return Engine.configLoader(new HashMap<>(System.getenv())).read(file);
    }

    private static CheckResult run(CaretakerConfig config, String check) {
        try (MonitoredDatabases dbs = new MonitoredDatabases(Map.of(), null, config.secrets())) {
            return Checks.create(config.checks().get(check)).run(new CheckContext(Clock.systemUTC(), dbs, config.secrets()));
        }
    }

    @Test
    void exit_codes_messages_and_performance_data_follow_the_plugin_protocol() throws Exception {
        script("check_disk", "echo \"DISK WARNING - free space: / 3326 MB (8%) | /=36000MB;38000;40000;0;42000 'free space'=8%;10;5\"\n"
                + "echo 'more detail'\necho \"second | load1=0.5 'time taken'=250ms\"\nexit 1");
        script("check_ok", "echo 'OK - all fine'; exit 0");
        script("check_crit", "echo 'CRITICAL - replication stopped'; exit 2");
        script("check_unknown", "echo 'UNKNOWN - cannot read the config'; exit 3");
        script("check_odd", "echo 'segfault'; exit 139");
        CaretakerConfig c = config("""
                disk: {type: command, command: [./check_disk, -w, "10%"]}
                ok: {type: command, command: [./check_ok]}
                crit: {type: command, command: [./check_crit]}
                unknown: {type: command, command: [./check_unknown]}
                odd: {type: command, command: [./check_odd]}
                missing: {type: command, command: [./check_nothing_here]}
                """);
        CheckResult disk = run(c, "disk");
        assertThat(disk.status()).isEqualTo(Status.WARNING);
        Finding f = disk.findings().get(0);
        assertThat(f.code()).isEqualTo("command.warning");
        assertThat(f.message()).isEqualTo("DISK WARNING - free space: / 3326 MB (8%)");
        assertThat(f.evidence()).containsEntry("exit_code", 1);
        assertThat(disk.measurements()).anySatisfy(m -> {
            assertThat(m.metric()).isEqualTo("command.perfdata");
            assertThat(m.labels()).containsEntry("label", "/").containsEntry("unit", "B");
            assertThat(m.value()).isEqualTo(36000.0 * 1024 * 1024);
        }).anySatisfy(m -> {
            assertThat(m.labels()).containsEntry("label", "free space").containsEntry("unit", "%");
            assertThat(m.value()).isEqualTo(8.0);
        }).anySatisfy(m -> {
            assertThat(m.labels()).containsEntry("label", "time taken").containsEntry("unit", "s");
            assertThat(m.value()).isEqualTo(0.25);
        }).anySatisfy(m -> assertThat(m.labels()).containsEntry("label", "load1"))
                .anySatisfy(m -> assertThat(m.metric()).isEqualTo("command.exit_code"));
        assertThat(run(c, "ok").status()).isEqualTo(Status.OK);
        assertThat(run(c, "ok").findings()).isEmpty();
        CheckResult crit = run(c, "crit");
        assertThat(crit.status()).isEqualTo(Status.CRITICAL);
        assertThat(crit.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(run(c, "unknown").status()).isEqualTo(Status.UNKNOWN);
        assertThat(run(c, "unknown").error()).isEqualTo("the command says UNKNOWN: UNKNOWN - cannot read the config");
        assertThat(run(c, "odd").error()).startsWith("the command exited with 139, which is not a plugin's answer");
        CheckResult missing = run(c, "missing");
        assertThat(missing.status()).isEqualTo(Status.UNKNOWN);
        assertThat(missing.error()).startsWith("cannot run " + dir.resolve("check_nothing_here")).contains("no such program");
    }

    @Test
    void a_hung_command_and_its_children_are_killed_at_the_timeout_and_a_flood_of_output_is_cut() throws Exception {
        Path pids = dir.resolve("pids");
        script("hang", "sleep 60 &\necho $! > " + pids + "\nwait");
        script("flood", "head -c 1000000 /dev/zero | tr '\\\\0' x; echo; exit 1");
        CaretakerConfig c = config("""
                hang: {type: command, command: [./hang], timeout: 1s}
                flood: {type: command, command: [./flood], max_output: 2048}
                """);
        CheckResult hung = run(c, "hang");
        assertThat(hung.status()).isEqualTo(Status.UNKNOWN);
        assertThat(hung.error()).isEqualTo("hang did not finish within 1s and was killed with its children; raise 'timeout' if it needs longer");
        long child = Long.parseLong(Files.readString(pids).trim());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
        CheckResult flood = run(c, "flood");
        assertThat(flood.status()).as("a megabyte of output is read to the end, not left to block the program").isEqualTo(Status.WARNING);
        assertThat(flood.findings().get(0).evidence()).containsEntry("output_truncated_at_bytes", 2048);
        assertThat(((String) flood.findings().get(0).evidence().get("output")).length()).isLessThanOrEqualTo(2001);
    }

    @Test
    void the_environment_is_small_and_its_values_never_reach_a_report() throws Exception {
        script("show_env", "echo \"token is $API_TOKEN\"; env | cut -d= -f1 | sort | tr '\\\\n' ' '; exit 1");
        CaretakerConfig c = config("""
                env: {type: command, command: [./show_env], environment: {API_TOKEN: "t0k3n-for-the-plugin"}}
                piped: {type: command, command: "echo 'warn me' | tr a-z A-Z; exit 1", shell: true}
                """);
        CheckResult r = run(c, "env");
        String output = (String) r.findings().get(0).evidence().get("output");
        Set<String> names = new TreeSet<>(Arrays.asList(output.lines().skip(1).findFirst().orElse("").trim().split(" ")));
        names.removeAll(List.of("PWD", "SHLVL", "_"));
        assertThat(names).as("only what a plugin needs, and what the config gives it").isSubsetOf("PATH", "LANG", "LC_ALL", "TZ", "HOME", "API_TOKEN")
                .contains("API_TOKEN");
        RunResult stored = RunResult.of("s", "x", Instant.now(), Instant.now(), List.of(r)).redacted(c.secrets());
        assertThat(stored.results().get(0).findings().get(0).message()).isEqualTo("token is ********");
        assertThat(stored.results().get(0).findings().get(0).evidence().toString()).doesNotContain("t0k3n-for-the-plugin");
        assertThat(run(c, "piped").findings().get(0).message()).isEqualTo("WARN ME");
    }

    @Test
    void validate_looks_for_the_program_and_never_runs_it_and_a_string_needs_shell() throws Exception {
        Path ran = dir.resolve("ran");
        script("side_effect", "touch " + ran + "; exit 0");
        CaretakerConfig c = config("""
                side: {type: command, command: [./side_effect]}
                gone: {type: command, command: [/nonexistent/check_x]}
                """);
        try (MonitoredDatabases dbs = new MonitoredDatabases(Map.of(), null, c.secrets())) {
            CheckContext ctx = new CheckContext(Clock.systemUTC(), dbs, c.secrets());
            assertThat(Checks.create(c.checks().get("side")).preflight(ctx)).singleElement().satisfies(x -> assertThat(x.toString()).contains("not run by validate"));
            assertThat(Checks.create(c.checks().get("gone")).preflight(ctx).get(0).toString()).contains("/nonexistent/check_x does not exist");
        }
        assertThat(ran).doesNotExist();
        assertThatThrownBy(() -> config("x: {type: command, command: \"check_disk -w 10%\"}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is one string; write it as a list ([program, arg, arg]) so no shell reads it, or set shell: true");
    }

    /** A value holding every shell metacharacter: were it read as syntax, it would create files named p1 … p6. */
    static final String HOSTILE = "$(touch p1) `touch p2`; touch p3 | touch p4 & touch p5 > p6 < /dev/null * ? \"dq\" 'sq' a\nb c\\d  e $HOME ${HOME}";

    private List<String> arguments(Path out) throws Exception {
        String all = Files.readString(out);
        return List.of(all.substring(0, all.length() - 1).split("\0", -1));
    }

    @Test
    void a_variable_in_a_shell_line_reaches_the_shell_as_a_literal_word_whatever_it_holds() throws Exception {
        script("args", "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$OUT\"");
        Path out = dir.resolve("args.out");
        Files.writeString(dir.resolve("caretaker.yml"), """
                checks:
                  inject:
                    type: command
                    shell: true
                    environment: {OUT: %s}
                    command: |-
                      ./args ${V} "in ${V} dq" 'in ${V} sq' x${V}y "$(printf '%%s' "${V}")" # ${V}
                  listed:
                    type: command
                    environment: {OUT: %s}
                    command: [./args, "${V}", "in ${V}"]
                  plain:
                    type: command
                    shell: true
                    environment: {OUT: %s}
                    command: ./args a "b c" 'd e' *.yml
                """.formatted(out, out, out));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("V", HOSTILE);
        CaretakerConfig c = Engine.configLoader(env).read(dir.resolve("caretaker.yml"));

        assertThat(run(c, "inject").error()).isNull();
        assertThat(arguments(out)).containsExactly(HOSTILE, "in " + HOSTILE + " dq", "in " + HOSTILE + " sq", "x" + HOSTILE + "y", HOSTILE);
        for (String p : List.of("p1", "p2", "p3", "p4", "p5", "p6")) {
            assertThat(dir.resolve(p)).as("nothing the value holds ran").doesNotExist();
        }
        // the clean twins: a list-form command gets the value as it is, and a shell line without variables is read as ever
        assertThat(run(c, "listed").error()).isNull();
        assertThat(arguments(out)).containsExactly(HOSTILE, "in " + HOSTILE);
        assertThat(run(c, "plain").error()).isNull();
        assertThat(arguments(out)).containsExactly("a", "b c", "d e", "caretaker.yml");
        assertThat(dir.resolve("p1")).doesNotExist();
    }
}
