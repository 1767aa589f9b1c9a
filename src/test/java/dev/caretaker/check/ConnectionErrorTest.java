package dev.caretaker.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Findings;
import dev.caretaker.Pipeline;
import dev.caretaker.SettableClock;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.TestPostgres;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A database that cannot be used says why in the server's own words, at once: no pool timeout in its place. */
@ExtendWith(TestDatabases.class)
class ConnectionErrorTest {
    /** connect_timeout is 30 s here: a check that ends well before it did not wait for it. */
    static final long CONNECT_TIMEOUT_MS = 30_000;

    private static CheckResult check(TestDatabase db, String url, String user, String password) {
        CaretakerConfig c = db.config("""
                databases:
                  app: {url: "%s", user: "%s", password: "%s", connect_timeout: 30s}
                checks:
                  pg: {type: postgres, database: app}
                """.formatted(url, user, password));
        return db.run(c, "pg");
    }

    @Test
    void a_wrong_password_user_or_database_name_is_the_servers_own_answer_without_waiting_for_the_timeout(TestDatabase db) {
        EmbeddedPostgres pg = TestPostgres.server();
        CheckResult wrongPassword = check(db, pg.jdbcUrl(db.name()), EmbeddedPostgres.SUPERUSER, "not-the-password");
        assertThat(Findings.one(wrongPassword, "postgres.unreachable").message())
                .contains("FATAL: password authentication failed for user \"" + EmbeddedPostgres.SUPERUSER + "\"")
                .contains("check databases.app.user and databases.app.password")
                .doesNotContain("not-the-password");
        assertThat(wrongPassword.durationMs()).isLessThan(CONNECT_TIMEOUT_MS);

        CheckResult wrongUser = check(db, pg.jdbcUrl(db.name()), "nobody_here", "x1234");
        assertThat(Findings.one(wrongUser, "postgres.unreachable").message()).contains("FATAL").contains("\"nobody_here\"");

        CheckResult wrongDatabase = check(db, pg.jdbcUrl(db.name() + "_typo"), EmbeddedPostgres.SUPERUSER, pg.password());
        assertThat(Findings.one(wrongDatabase, "postgres.unreachable").message())
                .contains("FATAL: database \"" + db.name() + "_typo\" does not exist").contains("check the database name in databases.app.url");
        assertThat(wrongDatabase.durationMs()).isLessThan(CONNECT_TIMEOUT_MS);
    }

    @Test
    void a_refused_connection_fails_at_once_and_says_so(TestDatabase db) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CheckResult r = check(db, "jdbc:postgresql://127.0.0.1:" + closed + "/app", "u", "p1234");
        assertThat(Findings.one(r, "postgres.unreachable").message()).contains("refused").contains("check the host and port in databases.app.url");
        assertThat(r.durationMs()).isLessThan(CONNECT_TIMEOUT_MS);
    }

    @Test
    void a_host_that_does_not_resolve_is_named(TestDatabase db) {
        CheckResult r = check(db, "jdbc:postgresql://no-such-host.invalid:5432/app", "u", "p1234");
        assertThat(Findings.one(r, "postgres.unreachable").message()).contains("host no-such-host.invalid does not resolve; check the host and port "
                + "in databases.app.url").doesNotContain(".;");
    }

    @Test
    void a_server_that_never_answers_is_waited_for_once_per_run_not_once_per_check(TestDatabase storeDb, Store store) throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepted, never answered
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            CaretakerConfig c = storeDb.config("""
                    databases:
                      app: {url: "jdbc:postgresql://127.0.0.1:%d/app", user: u, password: p1234, connect_timeout: 2s}
                    checks:
                      one: {type: postgres, database: app}
                      two: {type: sql, database: app, query: "SELECT 1"}
                      three: {type: integrity, database: app, discover: true}
                    """.formatted(silent.getLocalPort()));
            Engine engine = Pipeline.engine(store, c, new SettableClock(Instant.now())).parallelism(1).build();
            RunOutcome outcome = engine.run(Engine.RunRequest.of(null));
            assertThat(outcome.run().results()).allSatisfy(r -> assertThat(Findings.of(r, "postgres.unreachable")).hasSize(1));
            assertThat(held).as("one connection attempt for the three checks").hasSize(1);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
