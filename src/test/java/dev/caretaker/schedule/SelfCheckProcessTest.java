package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.demo.api.HealthchecksStandIn;
import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching the watcher for real: {@code caretaker run} as a process pings an outside heartbeat receiver; killed with -9, it
 * sends nothing more, and the receiver reports it late once period and grace have passed; a new process brings it back up.
 */
@ExtendWith(TestDatabases.class)
class SelfCheckProcessTest {
    @TempDir
    Path dir;

    private Process node(Path config) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.caretaker.cli.Main", "run", "-c", config.toString(), "--node", "watched", "--port", "0");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
        pb.environment().put("CARETAKER_HOME", dir.resolve("home").toString());
        return pb.start();
    }

    @Test
    void a_killed_server_is_reported_late_by_the_receiver_within_its_grace(TestDatabase db) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        try (Receiver api = new Receiver(200);
             HealthchecksStandIn hc = new HealthchecksStandIn(UUID.randomUUID().toString(), Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(3), 0)) {
            Path config = dir.resolve("watched.yml");
            Files.writeString(config, """
                    system: watched-proc
                    store: {url: "%s", user: %s, password: "%s"}
                    checks:
                      api: {type: http, url: "%s"}
                    suites:
                      yearly: {schedule: "0 3 1 1 *", checks: [api]}
                    rules:
                      - {name: health-score-low, enabled: false}
                    self_check:
                      url: "%s"
                      every: 1s
                      timeout: 900ms
                    """.formatted(pg.jdbcUrl(db.name()), EmbeddedPostgres.SUPERUSER, pg.password(), api.url("/health"), hc.clientUrl()));
            Process p = node(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> hc.of("success").size() >= 3);
                assertThat(hc.status()).isEqualTo("up");
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no last word
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                int seen = hc.pings().size();
                // period 1 s and grace 3 s: down once they have passed without a ping (awaited generously, not timed)
                await().atMost(Duration.ofSeconds(20)).until(() -> hc.status().equals("down"));
                assertThat(hc.pings().size()).as("a killed server sends nothing").isLessThanOrEqualTo(seen + 1);
                assertThat(hc.of("fail")).as("late, not failed: nobody sent /fail").isEmpty();
            } finally {
                p.destroyForcibly();
            }
            Process again = node(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> hc.status().equals("up"));
            } finally {
                again.destroy();
                assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(again.exitValue()).as(Files.readString(dir.resolve("node.log"))).isZero();
        }
    }
}
