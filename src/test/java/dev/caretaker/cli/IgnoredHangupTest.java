package dev.caretaker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caretaker run} started with SIGHUP ignored (as under nohup, which every child inherits and the JVM keeps without a
 * word) says that SIGHUP cannot reload it, instead of ignoring the reload silently.
 */
@ExtendWith(TestDatabases.class)
class IgnoredHangupTest {
    @TempDir
    Path dir;

    @Test
    void a_server_started_under_nohup_says_sighup_cannot_reload_it(TestDatabase db) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        Path config = dir.resolve("nohup.yml");
        Files.writeString(config, """
                system: hangup
                store: {url: "%s", user: %s, password: "%s"}
                checks:
                  self: {type: tcp, host: 127.0.0.1, port: 1}
                suites:
                  yearly: {schedule: "0 3 1 1 *", checks: [self]}
                """.formatted(pg.jdbcUrl(db.name()), EmbeddedPostgres.SUPERUSER, pg.password()));
        Path log = dir.resolve("node.log");
        ProcessBuilder pb = new ProcessBuilder("env", "--ignore-signal=HUP", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.caretaker.cli.Main", "run", "-c", config.toString(), "--port", "0")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CARETAKER_HOME", dir.resolve("home").toString());
        Process node = pb.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("SIGHUP is ignored in this process")
                    || !node.isAlive());
            assertThat(Files.readString(log)).contains("SIGHUP is ignored in this process").contains("save the config file to reload it");
        } finally {
            node.destroy();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
