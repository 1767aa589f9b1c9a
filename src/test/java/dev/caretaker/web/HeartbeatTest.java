package dev.caretaker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.schedule.Server;
import dev.caretaker.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A push monitor end to end, with a settable clock: pings over HTTP as a cron line or a CI job sends them (start, success,
 * failure, exit codes, an unknown token), and the heartbeat check judging them: ok, late, down, failed, ok again.
 */
@ExtendWith(TestDatabases.class)
class HeartbeatTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CheckResult judge(Engine engine) {
        return engine.run(Engine.RunRequest.checks("heartbeat", List.of("backup-job"))).run().results().get(0);
    }

    @Test
    void pings_start_succeed_fail_and_lateness_turns_back_to_ok(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
        CaretakerConfig config = db.config("""
                system: hb-%s
                metrics: {public: true}
                checks:
                  backup-job: {type: heartbeat, every: 1h, grace: 5m}
                """.formatted(db.name()));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("hb"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            int port = web.start("127.0.0.1", 0);
            String base = "http://127.0.0.1:" + port;
            Engine engine = server.engine();
            assertThat(judge(engine).status()).as("just set up: not late yet").isEqualTo(Status.OK);
            assertThat(server.pings().get(config.system(), "backup-job").orElseThrow().hasToken()).as("no token until one is made").isFalse();
            String token = server.pings().issue(config.system(), "backup-job", clock.instant());
            assertThat(token).matches("[A-Za-z0-9_-]{22}");
            assertThat(server.pings().get(config.system(), "backup-job").orElseThrow().tokenHash()).as("only its hash is kept")
                    .matches("[0-9a-f]{64}").doesNotContain(token);

            HttpResponse<String> unknown = send("GET", base + "/ping/not-a-token-0123456789", null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(send("GET", base + "/metrics", null).body()).contains("caretaker_pings_total{result=\"unknown_token\"} 1.0");

            clock.advance(Duration.ofMinutes(66));
            CheckResult late = judge(engine);
            Finding f = late.findings().get(0);
            assertThat(f.code()).isEqualTo("heartbeat.late");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("no ping since it was set up").contains("every 1h").contains("5m of grace are over");
            Incident incident = new IncidentRepository(store.jdbi()).active(config.system()).get(0);
            assertThat(incident.source()).isEqualTo("heartbeat.late");

            assertThat(send("POST", base + "/ping/" + token + "/start", null).body()).isEqualTo("OK\n");
            clock.advance(Duration.ofSeconds(90));
            assertThat(send("POST", base + "/ping/" + token, "dumped 3 databases\n").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> new IncidentRepository(store.jdbi()).active(config.system()).isEmpty());
            CheckResult ok = judge(engine);
            assertThat(ok.status()).isEqualTo(Status.OK);
            assertThat(ok.measurements()).anySatisfy(m -> {
                assertThat(m.metric()).isEqualTo("heartbeat.duration_seconds");
                assertThat(m.value()).isEqualTo(90.0);
            });

            clock.advance(Duration.ofMinutes(10));
            assertThat(send("HEAD", base + "/ping/" + token + "/3", null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !new IncidentRepository(store.jdbi()).active(config.system()).isEmpty());
            Finding failed = judge(engine).findings().get(0);
            assertThat(failed.code()).isEqualTo("heartbeat.failed");
            assertThat(failed.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(failed.evidence()).containsEntry("exit_code", 3);

            send("GET", base + "/ping/" + token + "/0", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> new IncidentRepository(store.jdbi()).active(config.system()).isEmpty());
            send("GET", base + "/ping/" + token + "/fail", "disk full");
            await().atMost(Duration.ofSeconds(10)).until(() -> !new IncidentRepository(store.jdbi()).active(config.system()).isEmpty());
            assertThat(judge(engine).findings().get(0).evidence()).containsEntry("log", "disk full");
            send("GET", base + "/ping/" + token, null);

            clock.advance(Duration.ofHours(3).plusMinutes(1));
            Finding down = judge(engine).findings().get(0);
            assertThat(down.code()).isEqualTo("heartbeat.late");
            assertThat(down.severity()).as("three periods without a ping").isEqualTo(Severity.CRITICAL);
            assertThat(send("GET", base + "/ping/" + token + "/launch", null).statusCode()).isEqualTo(400);
            assertThat(send("GET", base + "/metrics", null).body()).contains("caretaker_pings_total{result=\"fail\"} 2.0")
                    .contains("caretaker_pings_total{result=\"start\"} 1.0");
        } finally {
            server.close();
        }
    }

    @Test
    void a_cron_heartbeat_is_due_at_its_next_fire_and_a_configured_token_is_kept(TestDatabase db, Store store) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-22T01:00:00Z")); // a Sunday
        CaretakerConfig config = db.config("""
                system: hbc-%s
                checks:
                  backup-job: {type: heartbeat, cron: "0 2 * * SUN", grace: 1h, token: "my-own-token-0123456789"}
                """.formatted(db.name()));
        Engine engine = Pipeline.engine(store, config, clock).build();
        assertThat(judge(engine).status()).isEqualTo(Status.OK);
        dev.caretaker.store.PingLog.Heartbeat kept = new dev.caretaker.store.PingLog(store.jdbi()).get(config.system(), "backup-job").orElseThrow();
        assertThat(kept.matches("my-own-token-0123456789")).isTrue();
        assertThat(kept.tokenHash()).doesNotContain("my-own-token");
        clock.advance(Duration.ofMinutes(119)); // 02:59: due at 02:00, within the hour of grace
        assertThat(judge(engine).status()).isEqualTo(Status.OK);
        clock.advance(Duration.ofMinutes(2)); // 03:01
        assertThat(judge(engine).findings().get(0).code()).isEqualTo("heartbeat.late");
    }

    @Test
    void a_token_holder_sending_200_pings_of_10_kB_is_held_to_its_rate_and_the_excess_is_counted_not_stored(TestDatabase db, Store store)
            throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
        CaretakerConfig config = db.config("""
                system: hbf-%s
                metrics: {public: true}
                checks:
                  backup-job: {type: heartbeat, every: 1h}
                """.formatted(db.name()));
        Server server = new Server(store, config, c -> Pipeline.engine(store, c, clock).build(), Server.Options.defaults("hbf"), clock);
        try (WebServer web = new WebServer(server, clock)) {
            String base = "http://127.0.0.1:" + web.start("127.0.0.1", 0);
            String url = base + "/ping/" + token(server, config);
            String tenKb = "x".repeat(10 * 1024);
            int ok = 0;
            int limited = 0;
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> r = send("POST", url, tenKb);
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(r.statusCode()).isEqualTo(429);
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
                    limited++;
                }
            }
            assertThat(ok).as("the default: 20 a minute").isEqualTo(20);
            assertThat(limited).isEqualTo(180);
            assertThat(server.pings().latest(config.system(), "backup-job", 500)).as("stored").hasSize(20);
            assertThat(send("GET", base + "/metrics", null).body()).contains("caretaker_pings_total{result=\"rate_limited\"} 180.0");

            // the clean twin: a minute later the job pings as ever; a body past 10 kB is cut at a character, NULs dropped
            clock.advance(Duration.ofMinutes(1));
            String log = "\u0000" + "x".repeat(10 * 1024 - 2) + "é and more";
            assertThat(send("POST", url, log).body()).isEqualTo("OK\n");
            String kept = server.pings().latest(config.system(), "backup-job", 1).get(0).body();
            assertThat(kept).isEqualTo("x".repeat(10 * 1024 - 2)).doesNotContain("\uFFFD");
        } finally {
            server.close();
        }
    }

    /** The ping token of {@code backup-job}, as the job is given it. */
    private static String token(Server server, CaretakerConfig config) {
        return server.pings().issue(config.system(), "backup-job", Instant.now());
    }

    @Test
    void a_token_kept_in_clear_before_is_hashed_by_the_migration_and_still_works(TestDatabase db) {
        dev.caretaker.store.EmbeddedPostgres pg = dev.caretaker.TestPostgres.server();
        org.flywaydb.core.Flyway.configure().dataSource(pg.jdbcUrl(db.name()), dev.caretaker.store.EmbeddedPostgres.SUPERUSER, pg.password())
                .schemas(Store.SCHEMA).defaultSchema(Store.SCHEMA).locations("classpath:db/migration").target("15").load().migrate();
        db.exec("INSERT INTO caretaker.heartbeat (system, check_name, token, created_at) VALUES ('old', 'backup-job', "
                + "'made-before-0123456789', now())");
        try (Store store = db.store()) {
            dev.caretaker.store.PingLog pings = new dev.caretaker.store.PingLog(store.jdbi());
            assertThat(pings.byToken("made-before-0123456789")).hasValueSatisfying(h -> assertThat(h.check()).isEqualTo("backup-job"));
            assertThat(db.number("SELECT count(*) FROM caretaker.heartbeat WHERE token_hash LIKE '%made-before%'")).isZero();
            assertThat(pings.byToken("another-token-0123456789")).isEmpty();
        }
    }
}
