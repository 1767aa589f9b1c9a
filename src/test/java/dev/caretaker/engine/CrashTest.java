package dev.caretaker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.AuditLog;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real caretaker process, killed where it hurts: nothing announced is lost, nothing half-done runs twice, nothing is left running. */
@ExtendWith(TestDatabases.class)
class CrashTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Accepts connections and reads them, never answers: a service that hangs. */
    static final class Hang implements AutoCloseable {
        final ServerSocket server;
        final List<Socket> held = new CopyOnWriteArrayList<>();

        Hang() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private Process caretaker(Path home, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.caretaker.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().put("CARETAKER_HOME", home.toString());
        return pb.start();
    }

    @Test
    void a_kill_during_an_auto_action_loses_no_message_and_the_attempt_left_running_becomes_interrupted_and_escalates(TestDatabase storeDb)
            throws Exception {
        EmbeddedPostgres pg = TestPostgres.server();
        try (Hang worker = new Hang(); Receiver hook = new Receiver(200)) {
            String yaml = """
                    system: shop
                    store: {url: "%s", user: %s, password: "%s"}
                    checks:
                      crm: {type: http, url: "http://127.0.0.1:1/", timeout: 2s}
                    rules:
                      - {name: health-score-low, enabled: false}
                    actions:
                      restart-crm-sync:
                        type: http
                        policy: auto
                        when: http.down
                        url: "%s"
                        timeout: 5m
                        verify: false
                    notify:
                      channels:
                        hook: {type: webhook, url: "%s"}
                    """.formatted(pg.jdbcUrl(storeDb.name()), EmbeddedPostgres.SUPERUSER, pg.password(), worker.url("/restart"),
                    hook.url("/hook"));
            Path file = dir.resolve("caretaker.yml");
            Files.writeString(file, yaml);
            Process child = caretaker(dir.resolve("home"), "check", "-c", file.toString(), "-q");
            await().atMost(Duration.ofSeconds(60)).until(() -> !worker.held.isEmpty() || !child.isAlive());
            assertThat(child.isAlive()).as("the run is inside its action: " + Files.readString(dir.resolve("child.log"))).isTrue();
            child.destroyForcibly(); // kill -9 while the action runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hook.accepted()).as("the run never got to deliver").isEmpty();

            CaretakerConfig c = storeDb.config(yaml);
            try (Store store = Store.open(c.store(), m -> { })) {
                // the same key the killed process signed with: the one under its home
                dev.caretaker.store.SigningKey key = dev.caretaker.store.SigningKey.load(Map.of(), dir.resolve("home"));
                Engine engine = Pipeline.engine(store, c, new SettableClock(Instant.now())).signingKey(key).build();
                engine.deliveries().flush();
                assertThat(hook.accepted()).as("the incident's message was committed with it").singleElement()
                        .satisfies(r -> assertThat(JSON.readTree(r.body()).get("event").asText()).isEqualTo("incident_opened"));

                RunOutcome next = engine.run(Engine.RunRequest.of(null));
                assertThat(next.actions()).singleElement().satisfies(a -> {
                    assertThat(a.result()).isEqualTo(ActionOutcome.Result.INTERRUPTED);
                    assertThat(a.detail()).contains("stopped before it finished").contains("not run again");
                });
                assertThat(next.incidents()).anySatisfy(x -> assertThat(x.kind()).isEqualTo(IncidentChange.Kind.ESCALATED));
                assertThat(worker.held).as("an interrupted remediation is never retried blindly").hasSize(1);
                Incident crm = new IncidentRepository(store.jdbi()).active("shop").get(0);
                assertThat(crm.escalatedAt()).isNotNull();
                assertThat(new AuditLog(store.jdbi(), "shop", c.secrets(), key).list(20)).extracting(AuditLog.Entry::event).contains("started", "interrupted");
                assertThat(engine.run(Engine.RunRequest.of(null)).actions()).as("reported once").isEmpty();
            }
        }
    }

    @Test
    void sigterm_of_a_cli_command_stops_the_embedded_postgresql_it_started() throws Exception {
        Path home = dir.resolve("home");
        try (Hang slow = new Hang()) {
            Path file = dir.resolve("caretaker.yml");
            Files.writeString(file, """
                    system: shop
                    checks:
                      crm: {type: http, url: "%s", timeout: 5m}
                    """.formatted(slow.url("/health")));
            Process child = caretaker(home, "check", "-c", file.toString());
            await().atMost(Duration.ofSeconds(120)).until(() -> !slow.held.isEmpty() || !child.isAlive());
            Path pid = home.resolve("pgdata").resolve("postmaster.pid");
            assertThat(pid).as("the check runs, so its embedded PostgreSQL is up: " + Files.readString(dir.resolve("child.log"))).exists();
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(pid).as("PostgreSQL was stopped on the way out").doesNotExist();
        }
    }
}
