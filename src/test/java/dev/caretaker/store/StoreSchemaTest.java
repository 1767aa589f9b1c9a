package dev.caretaker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.Pipeline;
import dev.caretaker.TestDatabase;
import dev.caretaker.TestPostgres;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Caretaker's store as a stranger sets it up: its own user (not called caretaker), its own search_path, a table called run. */
class StoreSchemaTest {

    @Test
    void an_external_store_works_for_a_user_named_app_whatever_its_search_path_and_leaves_the_apps_own_run_table_alone() throws Exception {
        EmbeddedPostgres server = TestPostgres.server();
        String role = "app_" + ProcessHandle.current().pid();
        try (TestDatabase storeDb = new TestDatabase()) {
            storeDb.exec("DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role + " LOGIN PASSWORD 'app-pw-1'",
                    "ALTER DATABASE " + storeDb.name() + " OWNER TO " + role,
                    // the role reads public first and never a schema named after it: Caretaker must not rely on "$user"
                    "ALTER ROLE " + role + " SET search_path = public",
                    "CREATE TABLE public.run (id int, note text)", "ALTER TABLE public.run OWNER TO " + role,
                    "INSERT INTO public.run VALUES (1, 'the app''s own table')");
            StoreConfig config = new StoreConfig(Optional.of("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + storeDb.name()), role,
                    "app-pw-1", Path.of("unused"), 0, StoreConfig.DEFAULT_RETENTION);
            CaretakerConfig cfg = storeDb.config("""
                    system: shop
                    checks:
                      web: {type: http, url: "http://127.0.0.1:1/"}
                    """);
            long runId;
            try (Store store = Store.open(config, m -> { })) {
                runId = Pipeline.run(store, cfg, Clock.systemUTC(), "all",
                        new CheckResult("web", "http", Status.OK, 1, null, List.of(), List.of())).run().runId();
                assertThat(runId).isPositive();
            }
            try (Store again = Store.open(config, m -> { })) { // the second open takes the fast path: schema current
                assertThat(Pipeline.run(again, cfg, Clock.systemUTC(), "all",
                        new CheckResult("web", "http", Status.OK, 1, null, List.of(), List.of())).run().runId()).isEqualTo(runId + 1);
            }
            try (Connection c = storeDb.connect(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM caretaker.run")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("runs are in Caretaker's schema").isEqualTo(2);
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*), max(note) FROM public.run")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the app's table of the same name is untouched").isEqualTo(1);
                    assertThat(rs.getString(2)).isEqualTo("the app's own table");
                }
                try (ResultSet rs = st.executeQuery("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'caretaker'")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(role);
                }
            }
        } finally {
            try (Connection c = server.connect("postgres", "test"); Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }
}
