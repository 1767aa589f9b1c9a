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
    private String user = "";
    private String password = "";
    private String actionsUser = "";
    private String actionsPassword = "";

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

    /** The rows of {@code table}, counted as the superuser. */
    public long count(String table) {
        return number("SELECT count(*) FROM " + table);
    }

    /** The first column of the first row of {@code sql}, as a number. */
    public long number(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs statements, then makes their table statistics visible to other sessions at once. */
    public TestDatabase execAndFlushStats(String... sql) {
        List<String> all = new ArrayList<>(List.of(sql));
        all.add("SELECT pg_stat_force_next_flush()");
        all.add("SELECT 1");
        return exec(all.toArray(String[]::new));
    }

    /**
     * A superuser session whose tables go to schema public, as an app's would: the superuser is called caretaker, so with the
     * default search path ("$user", public) they would land in Caretaker's own schema once a store lives in this database.
     */
    public Connection connect() throws SQLException {
        Connection c = server.connect(name, "test");
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path TO public");
        }
        return c;
    }

    /** A connection the test keeps open (to hold a lock or a transaction); closed with the database. */
    public Connection hold() throws SQLException {
        Connection c = connect();
        held.add(c);
        return c;
    }

    /**
     * A login role of the test server, named after this database ({@code NAME_suffix}) so tests never share one, with its
     * own password and the given grants ("SELECT ON orders"); returns its name.
     */
    public String role(String suffix, String rolePassword, String... grants) {
        String role = name + "_" + suffix;
        exec("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE " + role + " LOGIN PASSWORD '"
                + rolePassword + "'; END IF; END $$", "GRANT CONNECT ON DATABASE " + name + " TO " + role);
        for (String g : grants) {
            exec("GRANT " + g + " TO " + role);
        }
        return role;
    }

    /** Configs made from now on connect their checks as {@code role} (the {@code ${DB_USER}}, {@code ${DB_PASSWORD}} of {@link #oneCheck}). */
    public TestDatabase as(String role, String rolePassword) {
        this.user = role;
        this.password = rolePassword;
        return this;
    }

    /** Configs made from now on run their actions as {@code role} ({@code ${DB_ACTIONS_USER}}, {@code ${DB_ACTIONS_PASSWORD}}). */
    public TestDatabase actingAs(String role, String rolePassword) {
        this.actionsUser = role;
        this.actionsPassword = rolePassword;
        return this;
    }

    /**
     * The roles a careful operator gives Caretaker here: checks that read every table and sequence of schema public, and actions
     * that may read and change its rows and maintain its tables (none is protected in these tests).
     */
    public TestDatabase withRoles() {
        String reader = role("checks", "r34der", "pg_monitor", "SELECT ON ALL TABLES IN SCHEMA public", "SELECT ON ALL SEQUENCES IN SCHEMA public");
        List<String> grants = new ArrayList<>(List.of("SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public",
                "USAGE ON ALL SEQUENCES IN SCHEMA public"));
        if (number("SHOW server_version_num") >= 170000) {
            grants.add("MAINTAIN ON ALL TABLES IN SCHEMA public");
        }
        String actor = role("actions", "4ctor", grants.toArray(String[]::new));
        return as(reader, "r34der").actingAs(actor, "4ctor");
    }

    /** The config made of {@code yaml} with {@code ${DB}} set to this database. */
    public CaretakerConfig config(String yaml) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DB", url());
        env.put("DB_USER", user);
        env.put("DB_PASSWORD", password);
        env.put("DB_ACTIONS_USER", actionsUser);
        env.put("DB_ACTIONS_PASSWORD", actionsPassword);
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
                    user: ${DB_USER:-}
                    password: ${DB_PASSWORD:-}
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
