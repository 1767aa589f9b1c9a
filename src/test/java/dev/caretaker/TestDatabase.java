package dev.caretaker;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Checks;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.store.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database of the test server, the SQL to shape it, and a way to run a check against it. */
public final class TestDatabase implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final EmbeddedPostgres server = TestPostgres.server();
    private final String name;
    private final List<Connection> held = new ArrayList<>();

    public TestDatabase() {
        name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        server.createDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return "embedded:" + name;
    }

    /** Runs statements (autocommit) as the superuser. */
    public TestDatabase exec(String... sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return this;
    }

    /** Runs statements, then makes their table statistics visible to other sessions at once. */
    public TestDatabase execAndFlushStats(String... sql) {
        List<String> all = new ArrayList<>(List.of(sql));
        all.add("SELECT pg_stat_force_next_flush()");
        all.add("SELECT 1");
        return exec(all.toArray(String[]::new));
    }

    public Connection connect() throws SQLException {
        return server.connect(name, "test");
    }

    /** A connection the test keeps open (to hold a lock or a transaction); closed with the database. */
    public Connection hold() throws SQLException {
        Connection c = connect();
        held.add(c);
        return c;
    }

    /** The config made of {@code yaml} with {@code ${DB}} set to this database. */
    public CaretakerConfig config(String yaml) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DB", url());
        return dev.caretaker.engine.Engine.configLoader(env).parse("test.yml", Path.of("test.yml"), yaml);
    }

    /** Runs the one check named {@code check} of the config against this database. */
    public CheckResult run(CaretakerConfig config, String check) {
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), server, config.secrets())) {
            Check c = Checks.create(config.checks().get(check));
            return c.run(new CheckContext(Clock.systemUTC(), dbs, config.secrets()));
        }
    }

    /** Caretaker's own store (schema migrated) in this database, as with {@code store.url}. */
    public dev.caretaker.store.Store store() {
        return dev.caretaker.store.Store.open(new dev.caretaker.config.StoreConfig(java.util.Optional.of(server.jdbcUrl(name)),
                EmbeddedPostgres.SUPERUSER, server.password(), Path.of("unused"), 0, dev.caretaker.config.StoreConfig.DEFAULT_RETENTION), m -> { });
    }

    /** YAML of database {@code app} (this one) and one check of the given name and type, with {@code body} as its other keys. */
    public static String oneCheck(String name, String type, String body) {
        return """
                databases:
                  app:
                    url: ${DB}
                checks:
                  %s:
                    type: %s
                    database: app
                """.formatted(name, type) + body.indent(4);
    }

    /** A config with database {@code app} (this one) and a postgres check {@code pg} with the given thresholds block. */
    public CheckResult postgres(String thresholds) {
        return run(config("""
                databases:
                  app:
                    url: ${DB}
                checks:
                  pg:
                    type: postgres
                    database: app
                """ + (thresholds.isBlank() ? "" : "    thresholds:\n" + thresholds.indent(6))), "pg");
    }

    @Override
    public void close() {
        for (Connection c : held) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
        server.dropDatabase(name);
    }
}
