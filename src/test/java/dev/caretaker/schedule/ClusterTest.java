package dev.caretaker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caretaker.Pipeline;
import dev.caretaker.Receiver;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Three nodes on one store: each tick of a suite runs once across them; a check's own every and the housekeeping tick run too. */
@ExtendWith(TestDatabases.class)
class ClusterTest {
    static final String CONFIG = """
            system: cluster-%s
            checks:
              api: {type: http, url: "%s"}
              own: {type: http, url: "%s", every: 3s}
            suites:
              often:
                every: 2s
                checks: [api]
            """;

    static Server node(Store store, CaretakerConfig config, String name) {
        return new Server(store, config, c -> Pipeline.engine(store, c, Clock.systemUTC()).node(name).build(),
                Server.Options.defaults(name).withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC());
    }

    @Test
    void each_tick_runs_once_across_three_nodes(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(200)) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), api.url("/own")));
            List<Server> nodes = new ArrayList<>();
            try {
                for (String n : List.of("node-a", "node-b", "node-c")) {
                    nodes.add(node(store, config, n).start("test"));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> db.number("SELECT count(DISTINCT tick) FROM caretaker.run "
                        + "WHERE suite = 'often'") >= 5);
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(nodes).allSatisfy(n -> {
                    assertThat(n.readiness().ready()).as("a healthy node is ready").isTrue();
                    assertThat(n.readiness().parts()).containsEntry("cluster", "in step");
                }));
            } finally {
                nodes.forEach(Server::close);
            }
            assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'"))
                    .as("one run per tick").isEqualTo(db.number("SELECT count(DISTINCT tick) FROM caretaker.run WHERE suite = 'often'"));
            assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often' AND tick IS NULL")).isZero();
            assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite LIKE 'every 3s@%'")).as("the check with its own every ran")
                    .isPositive().isEqualTo(db.number("SELECT count(DISTINCT tick) FROM caretaker.run WHERE suite LIKE 'every 3s@%'"));
            assertThat(db.number("SELECT count(DISTINCT extract(epoch FROM tick)::bigint % 2) FROM caretaker.run WHERE suite = 'often'"))
                    .as("ticks on the 2 s grid").isEqualTo(1);
            assertThat(db.number("SELECT count(*) FROM caretaker.node WHERE stopped_at IS NOT NULL")).isEqualTo(3);
            assertThat(api.requests.stream().filter(r -> r.path().equals("/health")).count())
                    .isEqualTo(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'"));
        }
    }

    @Test
    void a_reloaded_config_moves_and_drops_ticks_at_once(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(200)) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), api.url("/own")));
            try (Server s = node(store, config, "solo").start("test")) {
                assertThat(ticks(db)).containsKeys("suite:often", "housekeeping:all");
                assertThat(ticks(db).keySet()).anyMatch(k -> k.startsWith("every:3s@"));
                CaretakerConfig next = db.config(CONFIG.formatted(db.name(), api.url("/health"), api.url("/own"))
                        .replace("every: 2s", "schedule: \"0 3 * * *\"").replace(", every: 3s", ""));
                s.reload(next);
                // a tick that is running as the config changes takes the new schedule when it completes (2 s at most here)
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    Map<String, java.time.Instant> after = waiting(db);
                    assertThat(after).containsKey("suite:often");
                    assertThat(after.keySet()).noneMatch(k -> k.startsWith("every:"));
                    assertThat(after.get("suite:often").atZone(java.time.ZoneOffset.UTC).getHour()).isEqualTo(3);
                });
            }
        }
    }

    @Test
    void a_node_with_another_signing_key_is_not_ready_and_takes_no_tick(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(200)) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), api.url("/own")));
            try (Server healthy = node(store, config, "healthy").start("test");
                 Server other = new Server(store, config, c -> Pipeline.engine(store, c, Clock.systemUTC()).node("other")
                         .signingKey(dev.caretaker.store.SigningKey.of("another key, not the one this store is signed with", "test")).build(),
                         Server.Options.defaults("other").withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC()).start("test")) {
                long first = db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'");
                await().atMost(Duration.ofSeconds(40)).until(() -> db.number("SELECT count(DISTINCT tick) FROM caretaker.run "
                        + "WHERE suite = 'often'") >= first + 6);
                assertThat(healthy.readiness().ready()).isTrue();
                Server.Readiness r = other.readiness();
                assertThat(r.ready()).isFalse();
                assertThat(r.parts().get("cluster")).contains("signing key").contains(dev.caretaker.store.SigningKey.ENVIRONMENT_VARIABLE);
                var rows = dev.caretaker.store.Nodes.recent(store.jdbi(), java.time.Instant.now(), Duration.ofMinutes(1));
                assertThat(rows).filteredOn(n -> n.name().equals("other")).singleElement().satisfies(n -> {
                    assertThat(dev.caretaker.web.Views.nodeState(n, java.time.Instant.now())).isEqualTo("not ready");
                    assertThat(n.problem()).contains("signing key");
                });
                assertThat(rows).filteredOn(n -> n.name().equals("healthy")).singleElement()
                        .satisfies(n -> assertThat(n.problem()).isNull());
            }
            // every tick on the 2 s grid from the first to the last ran, once: the other node took none and lost none
            assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'"))
                    .isEqualTo(db.number("SELECT count(DISTINCT tick) FROM caretaker.run WHERE suite = 'often'"))
                    .isEqualTo(db.number("SELECT (extract(epoch FROM max(tick) - min(tick)) / 2)::bigint + 1 FROM caretaker.run WHERE suite = 'often'"));
        }
    }

    @Test
    void a_node_whose_build_does_not_know_the_stores_schema_takes_no_tick_until_it_does(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(200)) {
            CaretakerConfig config = db.config(CONFIG.formatted(db.name(), api.url("/health"), api.url("/own")));
            // a newer Caretaker has upgraded the store by one migration this build does not have
            int newer = Store.SCHEMA_VERSION + 1;
            db.exec("INSERT INTO caretaker.flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) SELECT max(installed_rank) + 1, '" + newer + "', 'newer', 'SQL', "
                    + "'V" + newer + "__newer.sql', 0, current_user, now(), 0, true FROM caretaker.flyway_schema_history");
            try (Server s = node(store, config, "behind").start("test")) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    Server.Readiness r = s.readiness();
                    assertThat(r.ready()).isFalse();
                    assertThat(r.parts().get("cluster")).contains("version " + newer).contains("upgrade this node");
                });
                Thread.sleep(4_000); // two periods of the 2 s suite
                assertThat(db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'")).as("no tick taken").isZero();

                // the clean twin: once the store's schema is the one this build knows, the node is ready and runs its ticks
                db.exec("DELETE FROM caretaker.flyway_schema_history WHERE version = '" + newer + "'");
                await().atMost(Duration.ofSeconds(30)).until(() -> s.readiness().ready()
                        && db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'") > 0);
            }
        }
    }

    @Test
    void two_nodes_run_every_slot_of_a_five_second_suite_once(TestDatabase db, Store store) throws Exception {
        try (Receiver api = new Receiver(200)) {
            CaretakerConfig config = db.config("""
                    system: slots-%s
                    checks:
                      api: {type: http, url: "%s"}
                    suites:
                      often:
                        every: 5s
                        checks: [api]
                    """.formatted(db.name(), api.url("/health")));
            api.delayMillis = 700; // a run takes a while, as a real one does
            List<Server> nodes = new ArrayList<>();
            try {
                for (String n : List.of("node-a", "node-b")) {
                    // db-scheduler's own polling as in production (every 10 s): the waker alone starts ticks on time
                    nodes.add(new Server(store, config, c -> Pipeline.engine(store, c, Clock.systemUTC()).node(n).build(),
                            Server.Options.defaults(n), Clock.systemUTC()).start("test"));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> db.number("SELECT count(DISTINCT tick) FROM caretaker.run "
                        + "WHERE suite = 'often'") >= 7);
            } finally {
                nodes.forEach(Server::close);
            }
            long runs = db.number("SELECT count(*) FROM caretaker.run WHERE suite = 'often'");
            assertThat(db.number("SELECT count(DISTINCT tick) FROM caretaker.run WHERE suite = 'often'")).as("no slot twice").isEqualTo(runs);
            assertThat(db.number("SELECT (extract(epoch FROM max(tick) - min(tick)) / 5)::bigint + 1 FROM caretaker.run WHERE suite = 'often'"))
                    .as("no slot folded into the next: every 5 s slot from the first to the last ran").isEqualTo(runs);
        }
    }

    /** Every tick in the store, running or waiting. */
    private static Map<String, java.time.Instant> ticks(TestDatabase db) throws Exception {
        return query(db, "");
    }

    /** The ticks waiting for their time (none running). */
    private static Map<String, java.time.Instant> waiting(TestDatabase db) throws Exception {
        return query(db, " WHERE picked = false");
    }

    private static Map<String, java.time.Instant> query(TestDatabase db, String where) throws Exception {
        Map<String, java.time.Instant> out = new java.util.TreeMap<>();
        try (var c = db.connect(); var st = c.createStatement(); var rs = st.executeQuery("SELECT task_instance, execution_time "
                + "FROM caretaker.scheduled_tasks" + where)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
        }
        return out;
    }

    static Engine engineOf(Server s) {
        return s.engine();
    }
}
