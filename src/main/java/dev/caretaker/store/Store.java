package dev.caretaker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.caretaker.config.StoreConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * Caretaker's own state: the embedded PostgreSQL (or the server {@code store.url} names), with its schema
 * {@code caretaker} brought up to date by Flyway on open.
 */
public final class Store implements AutoCloseable {
    public static final String SCHEMA = "caretaker";
    public static final String EMBEDDED_DATABASE = "caretaker";
    /** The newest migration under {@code db/migration}; a test keeps it true. When the store is there already, nothing migrates. */
    public static final int SCHEMA_VERSION = 24;
    /**
     * Connections the store's pool for the node's own work opens at most, shared by the run, the scheduler and the server's
     * workers. Web requests have a pool of their own ({@link #serveWeb()}), and so has the readiness probe ({@link #probe()}).
     */
    public static final int DEFAULT_POOL_SIZE = 6;
    /** Idle connections the pool keeps: none, so a short command or a quiet node holds no session open. */
    public static final int DEFAULT_MINIMUM_IDLE = 0;
    /** How long a caller waits for a connection from the pool before it fails with the store's error. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(15);
    /** The {@code application_name} of Caretaker's own sessions, as {@code pg_stat_activity} shows them. */
    public static final String APPLICATION_NAME = "caretaker";

    private final Lanes dataSource;
    private final EmbeddedPostgres embedded;
    private final Jdbi jdbi;

    private final Thread shutdownHook;
    private boolean closed;

    private Store(Lanes dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.jdbi = Jdbi.create(dataSource);
        // SIGTERM or Ctrl-C ends the JVM without unwinding try blocks: the embedded server must still be left cleanly
        this.shutdownHook = new Thread(this::close, "caretaker-store-close");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Store open(StoreConfig config, Consumer<String> progress) {
        return open(config, EmbeddedPostgres.Options.DEFAULT, progress);
    }

    public static Store open(StoreConfig config, EmbeddedPostgres.Options options, Consumer<String> progress) {
        EmbeddedPostgres embedded = null;
        HikariConfig hc = new HikariConfig();
        if (config.embedded()) {
            embedded = EmbeddedPostgres.open(config.home(), options.port() > 0 ? options
                    : new EmbeddedPostgres.Options(config.port(), options.durable(), options.binaries()), progress);
            embedded.createDatabase(EMBEDDED_DATABASE);
            hc.setJdbcUrl(embedded.jdbcUrl(EMBEDDED_DATABASE));
            hc.setUsername(EmbeddedPostgres.SUPERUSER);
            hc.setPassword(embedded.password());
        } else {
            PostgresUrl url = PostgresUrl.parse(config.url().orElseThrow(), config.user(), config.password());
            hc.setJdbcUrl(url.jdbcUrl());
            hc.setUsername(url.user());
            hc.setPassword(url.password());
        }
        hc.setPoolName("caretaker-store");
        hc.setMaximumPoolSize(DEFAULT_POOL_SIZE);
        hc.setMinimumIdle(DEFAULT_MINIMUM_IDLE);
        hc.setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT.toMillis());
        hc.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        // Caretaker's tables are found in its own schema whatever the user is called and whatever search_path the server,
        // the database or the role sets: a connection's own setting wins over all of those
        hc.addDataSourceProperty("currentSchema", SCHEMA);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new StoreException("cannot connect to Caretaker's store " + (config.embedded() ? "(embedded)" : "(store.url)")
                    + ": " + rootMessage(e) + "; check store.url, store.user and store.password", e);
        }
        try {
            migrate(ds);
        } catch (FlywayException e) {
            ds.close();
            if (embedded != null) {
                embedded.close();
            }
            throw new StoreException("cannot bring Caretaker's schema up to date: " + e.getMessage(), e);
        }
        return new Store(new Lanes(ds, hc), embedded);
    }

    /** Brings the schema up to date; when it is current already, one query says so and Flyway is not even loaded. */
    static void migrate(DataSource ds) {
        if (current(ds)) {
            return;
        }
        Flyway.configure().dataSource(ds).schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations("classpath:db/migration").load().migrate();
    }

    private static boolean current(DataSource ds) {
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT to_regclass('" + SCHEMA + ".flyway_schema_history') IS NOT NULL")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return false;
            }
            try (java.sql.ResultSet v = st.executeQuery("SELECT coalesce(max(version::int) FILTER (WHERE success), 0), "
                    + "count(*) FILTER (WHERE NOT success) FROM " + SCHEMA + ".flyway_schema_history WHERE version IS NOT NULL")) {
                return v.next() && v.getInt(1) == SCHEMA_VERSION && v.getInt(2) == 0;
            }
        } catch (java.sql.SQLException e) {
            return false; // let Flyway look, and say what is wrong
        }
    }

    /** Connections for whatever runs on this thread: the web pool on a thread serving a web request, else the work pool. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Marks the current thread as serving a web request, until {@link #serveWork()}: its connections come from the web
     * server's own small pool, so a flood of requests waits for those and never for the ones ticks and heartbeats need.
     */
    public static void serveWeb() {
        Lanes.serveWeb();
    }

    public static void serveWork() {
        Lanes.serveWork();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Asks the store for one row; throws when it does not answer. */
    public void ping() {
        jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    /**
     * Whether the store answers, asked on a connection of its own with a short wait: throws within about a second (the
     * probe's wait, {@code SELECT 1} given a second) when it does not, rather than after the pools' wait for a connection.
     */
    public void probe() {
        try (java.sql.Connection c = dataSource.probe().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            try (java.sql.ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
            }
        } catch (java.sql.SQLException e) {
            throw new StoreException("the store does not answer: " + rootMessage(e), e);
        }
    }

    /** The newest schema version applied to the store (by this build or a newer one); 0 before any. */
    public int schemaVersion() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(version::int) FILTER (WHERE success), 0) FROM flyway_schema_history "
                + "WHERE version IS NOT NULL").mapTo(Integer.class).one());
    }

    /** When the scheduler's next unpicked execution of {@code task} is due, if any (db-scheduler's {@code scheduled_tasks}). */
    public Optional<Instant> nextDue(String task) {
        return jdbi.withHandle(h -> h.createQuery("SELECT min(execution_time) FROM scheduled_tasks WHERE task_name = :task AND NOT picked")
                .bind("task", task).mapTo(java.sql.Timestamp.class).findOne().map(java.sql.Timestamp::toInstant));
    }

    public Optional<EmbeddedPostgres> embedded() {
        return Optional.ofNullable(embedded);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException ignored) {
            // the JVM is shutting down: this is the hook
        }
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
