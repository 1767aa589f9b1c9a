package dev.caretaker.check;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.config.Secrets;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.PostgresUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Connections to the databases Caretaker watches. One small pool per database (at most 2 connections, so
 * Caretaker never crowds the app out), every session read-only with a statement and a lock timeout.
 */
public final class MonitoredDatabases implements AutoCloseable {
    static final long CONNECT_TIMEOUT_MS = 10_000;

    private final Map<String, DatabaseConfig> configs;
    private final EmbeddedPostgres embedded;
    private final Secrets secrets;
    private final Map<String, HikariDataSource> pools = new HashMap<>();

    public MonitoredDatabases(Map<String, DatabaseConfig> configs, EmbeddedPostgres embedded, Secrets secrets) {
        this.configs = configs;
        this.embedded = embedded;
        this.secrets = secrets;
    }

    public DatabaseConfig config(String name) {
        DatabaseConfig c = configs.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no database '" + name + "' in the config");
        }
        return c;
    }

    /** A pooled, read-only connection; close it to give it back. */
    public Connection connect(String name) throws SQLException {
        return pool(name).getConnection();
    }

    /**
     * How to reach the server of database {@code name} (or Caretaker's embedded server when null) with a
     * writable session: only the restore test uses it, to create and drop its own throwaway database.
     */
    public PostgresUrl server(String name) {
        if (name == null) {
            if (embedded == null) {
                throw new IllegalArgumentException("a restore test needs 'restore_into' (a database whose server it may create "
                        + "a throwaway database on) when Caretaker's store is not the embedded PostgreSQL");
            }
            return new PostgresUrl(embedded.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, embedded.password());
        }
        DatabaseConfig db = config(name);
        if (db.embedded()) {
            return new PostgresUrl(embedded.jdbcUrl(db.embeddedDatabaseName()), EmbeddedPostgres.SUPERUSER, embedded.password());
        }
        PostgresUrl url = PostgresUrl.parse(db.url(), db.user(), db.password());
        secrets.add(url.password());
        return url;
    }

    /**
     * A new writable session to database {@code name} for a remediation, with the database's statement and lock
     * timeouts; the caller closes it. Actions use the database's own user: give it the rights its actions need.
     */
    public Connection writable(String name) throws SQLException {
        DatabaseConfig db = config(name);
        if (db.embedded() && embedded == null) {
            throw new SQLException("database '" + name + "' uses " + db.url() + " but Caretaker's store is not the embedded PostgreSQL; "
                    + "give it a real URL");
        }
        PostgresUrl url = server(name); // registers the password as a secret
        if (db.embedded()) {
            embedded.createDatabase(db.embeddedDatabaseName());
        }
        java.util.Properties p = new java.util.Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", "caretaker-action");
        p.setProperty("connectTimeout", "10");
        Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), p);
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = " + db.statementTimeout().toMillis() + "; SET lock_timeout = " + db.lockTimeout().toMillis());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private synchronized HikariDataSource pool(String name) {
        return pools.computeIfAbsent(name, n -> new HikariDataSource(poolConfig(config(n))));
    }

    private HikariConfig poolConfig(DatabaseConfig db) {
        PostgresUrl url;
        if (db.embedded()) {
            if (embedded == null) {
                throw new IllegalStateException("database '" + db.name() + "' uses " + db.url()
                        + " but Caretaker's store is not the embedded PostgreSQL; give it a real URL");
            }
            embedded.createDatabase(db.embeddedDatabaseName());
            url = new PostgresUrl(embedded.jdbcUrl(db.embeddedDatabaseName()), EmbeddedPostgres.SUPERUSER, embedded.password());
        } else {
            url = PostgresUrl.parse(db.url(), db.user(), db.password());
        }
        secrets.add(url.password());
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("caretaker-" + db.name());
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setUsername(url.user());
        hc.setPassword(url.password());
        hc.setMaximumPoolSize(db.maxConnections());
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        hc.setInitializationFailTimeout(-1); // an unreachable database is a finding, not a start-up failure
        hc.setReadOnly(true);
        hc.addDataSourceProperty("readOnlyMode", "always");
        hc.addDataSourceProperty("ApplicationName", "caretaker");
        hc.addDataSourceProperty("connectTimeout", "10");
        hc.setConnectionInitSql("SET statement_timeout = " + db.statementTimeout().toMillis()
                + "; SET lock_timeout = " + db.lockTimeout().toMillis()
                + "; SET idle_in_transaction_session_timeout = " + Math.max(60_000, db.statementTimeout().toMillis() * 2));
        return hc;
    }

    @Override
    public synchronized void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
