package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.store.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caretaker run} as real processes on one store: three nodes run each tick once and take over a node killed with -9
 * within 30 s; SIGHUP with a broken config keeps the old one, a saved good one applies; SIGTERM delivers the outbox and
 * exits 0.
 */
@ExtendWith(TestDatabases.class)
class ServerProcessTest {
    @TempDir
    Path dir;

    private Process node(String name, Path config) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.caretaker.cli.Main", "run", "-c", config.toString(), "--node", name,
                "--port", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("CARETAKER_HOME", dir.resolve("home").toString());
        return pb.start();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private static String store(TestDatabase db) {
        EmbeddedPostgres pg = TestPostgres.server();
        return "store: {url: \"" + pg.jdbcUrl(db.name()) + "\", user: " + EmbeddedPostgres.SUPERUSER + ", password: \"" + pg.password() + "\"}";
    }

    @Test
    void three_nodes_run_each_tick_once_and_another_takes_over_a_node_killed_mid_run(TestDatabase db) throws Exception {
        try (Receiver api = new Receiver(503); Receiver hook = new Receiver(200)) {
            api.delayMillis = 3_000; // each tick takes three seconds: there is a run in progress to kill
            Path config = dir.resolve("caretaker.yml");
            Files.writeString(config, """
                    system: procs
                    %s
                    checks:
                      api: {type: http, url: "%s", timeout: 10s}
                    suites:
                      slow:
                        every: 4s
                        checks: [api]
                    rules:
                      - {name: health-score-low, enabled: false}
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    """.formatted(store(db), api.url("/health"), hook.url("/hook")));
            Map<String, Process> nodes = new LinkedHashMap<>();
            try {
                for (String n : List.of("n1", "n2", "n3")) {
                    nodes.put(n, node(n, config));
                }
                await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'slow'") >= 2);
                // the node in the middle of a tick is killed with -9
                String[] picked = new String[2];
                await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> {
                    try (var c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT picked_by, "
                            + "extract(epoch FROM execution_time) FROM caretaker.scheduled_tasks WHERE task_instance = 'suite:slow' AND picked")) {
                        if (rs.next()) {
                            picked[0] = rs.getString(1);
                            picked[1] = String.valueOf((long) rs.getDouble(2));
                            return true;
                        }
                        return false;
                    }
                });
                Process victim = nodes.get(picked[0]);
                assertThat(victim).as("picked by one of ours: " + picked[0]).isNotNull();
                Instant killed = Instant.now();
                victim.destroyForcibly();
                assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
                String tick = "to_timestamp(" + picked[1] + ")";
                await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'slow' AND tick = "
                        + tick) == 1);
                long takeover = db.number("SELECT (extract(epoch FROM started_at) * 1000)::bigint FROM caretaker.run WHERE suite = 'slow' AND tick = "
                        + tick) - killed.toEpochMilli();
                assertThat(takeover).as("the tick of the killed node ran again on another within 20 s").isLessThan(20_000);
                Thread.sleep(6_000);
            } finally {
                for (Process p : nodes.values()) {
                    p.destroy(); // SIGTERM
                }
                for (Map.Entry<String, Process> p : nodes.entrySet()) {
                    if (p.getValue().isAlive() || p.getValue().exitValue() != 137) {
                        assertThat(p.getValue().waitFor(60, TimeUnit.SECONDS)).as(p.getKey()).isTrue();
                    }
                }
            }
            for (Map.Entry<String, Process> p : nodes.entrySet()) {
                int code = p.getValue().exitValue();
                assertThat(code == 0 || code == 137).as(p.getKey() + " exits 0 on SIGTERM (137 for the one killed): " + log(p.getKey())).isTrue();
            }
            assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'slow'")).as("each tick once")
                    .isEqualTo(db.number("SELECT count(DISTINCT tick) FROM caretaker.run WHERE suite = 'slow'"));
            List<String> opened = hook.accepted().stream().filter(r -> r.body().contains("incident_opened"))
                    .map(r -> r.header("Idempotency-Key")).toList();
            assertThat(opened).as("down and slow: two incidents").hasSize(2)
                    .as("one message per incident change, however many nodes saw it").doesNotHaveDuplicates();
            assertThat(db.number("SELECT count(*) FROM caretaker.incident WHERE system = 'procs'")).isEqualTo(2);
            assertThat(db.number("SELECT count(DISTINCT node) FROM (SELECT claimed_by AS node FROM caretaker.outbox UNION "
                    + "SELECT name FROM caretaker.node) n")).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void sighup_with_a_broken_config_keeps_the_old_one_and_a_saved_good_one_applies(TestDatabase db) throws Exception {
        try (Receiver api = new Receiver(200)) {
            Path config = dir.resolve("caretaker.yml");
            String good = """
                    system: reload
                    %s
                    checks:
                      api: {type: http, url: "%s"}
                    suites:
                      first:
                        every: 2s
                        checks: [api]
                    """.formatted(store(db), api.url("/a"));
            Files.writeString(config, good);
            Process p = node("solo", config);
            try {
                await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'first'") >= 1);
                Files.writeString(config, good.replace("    every: 2s", "    evry: 2s"));
                new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start().waitFor();
                await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> log("solo").contains("is not applied; the previous config keeps running"));
                assertThat(log("solo")).contains("caretaker.yml:7:5: unknown key 'evry'").contains("did you mean 'every'?");
                long before = db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'first'");
                await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'first'") > before + 1);
                assertThat(p.isAlive()).isTrue();

                Files.writeString(config, good + """
                          second:
                            every: 2s
                            checks: [api]
                        """);
                await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'second'") >= 1);
                assertThat(log("solo")).contains("config reloaded");
            } finally {
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(p.exitValue()).as(log("solo")).isZero();
        }
    }

    @Test
    void sigterm_delivers_the_outbox_and_exits_0(TestDatabase db) throws Exception {
        int hookPort;
        try (ServerSocket s = new ServerSocket(0)) {
            hookPort = s.getLocalPort();
        }
        Path config = dir.resolve("caretaker.yml");
        Files.writeString(config, """
                system: term
                %s
                checks:
                  api: {type: http, url: "http://127.0.0.1:1/"}
                suites:
                  often:
                    every: 2s
                    checks: [api]
                rules:
                  - {name: health-score-low, enabled: false}
                notify:
                  channels:
                    hook: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                """.formatted(store(db), hookPort));
        Process p = node("term", config);
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> db.number("SELECT count(*) FROM caretaker.outbox WHERE attempts > 0 "
                + "AND state = 'pending'") >= 1);
        try (Receiver hook = new Receiver(200, hookPort)) {
            p.destroy(); // SIGTERM: the message waits for its retry, but a stopping node tries every pending one once more
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log("term")).isZero();
            assertThat(hook.accepted()).as("delivered on the way out").anySatisfy(r -> assertThat(r.body()).contains("incident_opened"));
        }
        assertThat(log("term")).contains("node term stopping").contains("node term stopped");
        assertThat(db.number("SELECT count(*) FROM caretaker.outbox WHERE claimed_by IS NOT NULL")).isZero();
    }

    @Test
    void a_second_sigterm_ends_a_stop_that_waits_for_a_slow_run_at_once(TestDatabase db) throws Exception {
        try (Receiver slow = new Receiver(200)) {
            slow.delayMillis = 120_000; // a service that answers after two minutes: the run is still going when the stop comes
            Path config = dir.resolve("caretaker.yml");
            Files.writeString(config, """
                    system: twice
                    %s
                    checks:
                      api: {type: http, url: "%s", timeout: 100s}
                    suites:
                      often:
                        every: 2s
                        timeout: 110s
                        checks: [api]
                    """.formatted(store(db), slow.url("/slow")));
            Process p = node("twice", config);
            await().ignoreExceptions().atMost(Duration.ofSeconds(60))
                    .until(() -> db.number("SELECT count(*) FROM caretaker.scheduled_tasks WHERE picked AND task_instance = 'suite:often'") == 1);
            p.destroy(); // SIGTERM: waits up to --shutdown-wait (30 s) for the running tick
            Thread.sleep(2_000);
            assertThat(p.isAlive()).as("the first signal waits for the run: " + log("twice")).isTrue();
            p.destroy();
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("the second signal does not wait for the run (it has 100 s left)").isTrue();
            assertThat(p.exitValue()).isEqualTo(3);
            assertThat(log("twice")).contains("a second stop signal");
        }
    }
}
