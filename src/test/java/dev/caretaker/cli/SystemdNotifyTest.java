package dev.caretaker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.store.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd's notification protocol as systemd receives it (the sd_notify(3) manual, "Notes": one datagram per message to the
 * AF_UNIX socket in $NOTIFY_SOCKET, a leading "@" for the abstract namespace; "Well-known assignments" for READY=1,
 * STOPPING=1, WATCHDOG=1 and STATUS=, and WATCHDOG_USEC/WATCHDOG_PID from sd_watchdog_enabled(3)): a unix datagram socket (here a python3 listener standing in for
 * systemd, which keeps each datagram it gets) at a path or in the abstract namespace; {@code caretaker run} under
 * {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC} says READY=1, feeds the watchdog, and says STOPPING=1 on SIGTERM.
 */
@ExtendWith(TestDatabases.class)
class SystemdNotifyTest {
    private static final String LISTENER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            name = sys.argv[1]
            s.bind("\\0" + name[1:] if name.startswith("@") else name)
            print("listening", flush=True)
            with open(sys.argv[2], "ab", buffering=0) as out:
                while True:
                    out.write(s.recv(4096) + b"\\n--\\n")
            """;

    @TempDir
    Path dir;

    private Process listener(String socket, Path out) throws Exception {
        Path script = dir.resolve("systemd.py");
        Files.writeString(script, LISTENER);
        Process p = new ProcessBuilder("python3", script.toString(), socket, out.toString()).redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readNBytes("listening".length()), StandardCharsets.UTF_8)).isEqualTo("listening");
        return p;
    }

    private static List<String> messages(Path out) throws Exception {
        return Files.exists(out) ? Arrays.stream(Files.readString(out).split("\n--\n")).filter(m -> !m.isEmpty()).toList() : List.of();
    }

    @Test
    void watchdog_usec_is_for_this_process_only_and_addresses_are_as_the_kernel_wants_them() {
        assertThat(SystemdNotify.watchdog(Map.of("WATCHDOG_USEC", "30000000"), 42)).contains(Duration.ofSeconds(30));
        assertThat(SystemdNotify.watchdog(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42)).contains(Duration.ofSeconds(30));
        assertThat(SystemdNotify.watchdog(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42)).as("meant for another process").isEmpty();
        assertThat(SystemdNotify.watchdog(Map.of("WATCHDOG_USEC", "soon"), 42)).isEmpty();
        assertThat(SystemdNotify.watchdog(Map.of(), 42)).isEmpty();
        byte[] path = SystemdNotify.address("/run/systemd/notify");
        assertThat(path).hasSize(2 + "/run/systemd/notify".length() + 1).endsWith(0);
        byte[] abstractName = SystemdNotify.address("@/org/freedesktop/systemd1/notify");
        assertThat(abstractName[2]).as("the abstract namespace starts with a NUL").isZero();
        assertThat(abstractName).hasSize(2 + 1 + "/org/freedesktop/systemd1/notify".length());
        assertThat(SystemdNotify.from(Map.of()).enabled()).isFalse();
    }

    @Test
    void a_message_reaches_a_socket_in_the_abstract_namespace(TestDatabase db) throws Exception {
        String name = "@caretaker-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path out = dir.resolve("abstract.txt");
        Process systemd = listener(name, out);
        try {
            SystemdNotify.from(Map.of("NOTIFY_SOCKET", name)).send("STATUS=hello from caretaker");
            await().atMost(Duration.ofSeconds(10)).until(() -> messages(out).contains("STATUS=hello from caretaker"));
        } finally {
            systemd.destroyForcibly();
        }
    }

    @Test
    void caretaker_run_says_ready_feeds_the_watchdog_and_says_stopping(TestDatabase db) throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        Path socket = dir.resolve("notify");
        Path out = dir.resolve("messages.txt");
        Process systemd = listener(socket.toString(), out);
        Path config = dir.resolve("svc.yml");
        Files.writeString(config, """
                system: notified
                store: {url: "%s", user: %s, password: "%s"}
                checks:
                  self: {type: tcp, host: 127.0.0.1, port: 1}
                suites:
                  yearly: {schedule: "0 3 1 1 *", checks: [self]}
                """.formatted(pg.jdbcUrl(db.name()), EmbeddedPostgres.SUPERUSER, pg.password()));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.caretaker.cli.Main", "run", "-c", config.toString(), "--node", "svc", "--port", "0")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
        pb.environment().put("CARETAKER_HOME", dir.resolve("home").toString());
        pb.environment().put("NOTIFY_SOCKET", socket.toString());
        pb.environment().put("WATCHDOG_USEC", "1000000");
        Process node = pb.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(out).stream().anyMatch(m -> m.startsWith("READY=1")));
            String ready = messages(out).stream().filter(m -> m.startsWith("READY=1")).findFirst().orElseThrow();
            assertThat(ready).contains("STATUS=node svc of notified serving http://");
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(out).stream().filter(m -> m.equals("WATCHDOG=1")).count() >= 3);
            assertThat(messages(out).indexOf(ready)).as("READY before the first WATCHDOG").isLessThan(messages(out).indexOf("WATCHDOG=1"));
            node.destroy(); // SIGTERM
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(Files.readString(dir.resolve("node.log"))).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> messages(out).contains("STOPPING=1"));
            List<String> all = messages(out);
            assertThat(all.subList(all.indexOf("STOPPING=1"), all.size())).as("no watchdog after STOPPING").doesNotContain("WATCHDOG=1");
        } finally {
            node.destroyForcibly();
            systemd.destroyForcibly();
        }
    }
}
