package dev.caretaker.check;

import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.config.Secrets;
import dev.caretaker.guard.RoleAudit;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.PostgresUrl;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Connections to the databases Caretaker watches, for one run. A database gets at most {@code max_connections} sessions at
 * once (so Caretaker never crowds the app out), each read-only with a statement and a lock timeout. Connections are made
 * directly, not through a pool: a wrong password, an unknown database or a refused connection fails at once with the
 * server's own words, and once a database is known to be unreachable in this run, later checks of it fail at once too
 * instead of each waiting for {@code connect_timeout}.
 */
public final class MonitoredDatabases implements AutoCloseable {
    private final Map<String, DatabaseConfig> configs;
    private final EmbeddedPostgres embedded;
    private final Secrets secrets;
    private final Map<String, Gate> gates = new HashMap<>();
    private final Map<String, RoleAudit.Report> audits = new HashMap<>();

    /** Whose session: the checks' role (read-only) or the role actions run as ({@code databases.NAME.actions}). */
    public enum Role {
        CHECKS, ACTIONS;

        public String label() {
            return this == CHECKS ? "checks" : "actions";
        }
    }

    /** One database's sessions: how many may be open, and whether it was found unreachable in this run. */
    private static final class Gate {
        final Semaphore permits;
        SQLException down;

        Gate(int max) {
            permits = new Semaphore(max, true);
        }
    }

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

    /** A read-only session; close it to give its place back. */
    public Connection connect(String name) throws SQLException {
        DatabaseConfig db = config(name);
        Gate gate = gate(db);
        synchronized (gate) {
            if (gate.down != null) {
                throw again(gate.down);
            }
        }
        try {
            if (!gate.permits.tryAcquire(db.connectTimeout().toMillis() + db.statementTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLException("all " + db.maxConnections() + " session(s) Caretaker may open on database '" + name
                        + "' stayed busy; raise max_connections (at most 2) or give checks fewer queries", "57014");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a session on database '" + name + "'", "57014", e);
        }
        Connection c;
        try {
            c = open(db, "caretaker", true);
        } catch (SQLException e) {
            gate.permits.release();
            if (Sql.unreachable(e)) {
                synchronized (gate) {
                    gate.down = e;
                }
            }
            throw e;
        }
        return released(c, gate.permits);
    }

    /**
     * How to reach the server of database {@code name} (or Caretaker's embedded server when null) with a writable
     * session: only the restore test uses it, to create and drop its own throwaway database.
     */
    public PostgresUrl server(String name) {
        if (name == null) {
            if (embedded == null) {
                throw new IllegalArgumentException("a restore test needs 'restore_into' (a database whose server it may create "
                        + "a throwaway database on) when Caretaker's store is not the embedded PostgreSQL");
            }
            return new PostgresUrl(embedded.jdbcUrl("postgres"), EmbeddedPostgres.SUPERUSER, embedded.password());
        }
        return url(config(name), Role.CHECKS);
    }

    /**
     * A new writable session to database {@code name} for a remediation, with the database's statement and lock
     * timeouts; the caller closes it. Actions use the database's own user: give it the rights its actions need.
     */
    public Connection writable(String name) throws SQLException {
        return open(config(name), "caretaker-action", false);
    }

    /**
     * What the role of {@code role}'s sessions on database {@code name} can do beyond what it needs, read once per run from
     * the catalog with that role's own session.
     */
    public RoleAudit.Report privileges(String name, Role role) throws SQLException {
        return privileges(name, role, null);
    }

    /**
     * As {@link #privileges(String, Role)}, read through {@code session} (a checks session the caller already holds) when the
     * audit is not known yet: a check that holds one of the database's sessions must not wait for another to learn its own
     * role's rights, or two such checks hold both sessions and each waits for a third.
     */
    public RoleAudit.Report privileges(String name, Role role, Connection session) throws SQLException {
        String key = name + "/" + role;
        synchronized (audits) {
            RoleAudit.Report known = audits.get(key);
            if (known != null) {
                return known;
            }
        }
        DatabaseConfig db = config(name);
        RoleAudit.Report report;
        if (session != null && role == Role.CHECKS) {
            report = RoleAudit.audit(session, db.protectedTables());
        } else {
            try (Connection c = role == Role.CHECKS ? connect(name) : writable(name)) {
                report = RoleAudit.audit(c, db.protectedTables());
            }
        }
        synchronized (audits) {
            audits.put(key, report);
        }
        return report;
    }

    /**
     * Where an action's session goes: host, port, database and user, as resolved now. An approval is bound to it, so a request
     * approved after the config points elsewhere does not run there.
     */
    public Map<String, Object> target(String name) {
        DatabaseConfig db = config(name);
        PostgresUrl url = url(db, Role.ACTIONS);
        Properties p = org.postgresql.Driver.parseURL(url.jdbcUrl(), new Properties());
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        // the embedded server's port changes with each start; it is the same server under the same home
        out.put("host", db.embedded() ? "embedded" : p == null ? url.jdbcUrl() : p.getProperty("PGHOST", ""));
        out.put("port", db.embedded() || p == null ? "" : p.getProperty("PGPORT", ""));
        out.put("database", p == null ? "" : p.getProperty("PGDBNAME", ""));
        out.put("user", url.user() == null ? "" : url.user());
        out.put("password", url.password() == null ? "" : url.password());
        return out;
    }

    private Connection open(DatabaseConfig db, String application, boolean readOnly) throws SQLException {
        PostgresUrl url = url(db, readOnly ? Role.CHECKS : Role.ACTIONS);
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        long connectSeconds = Math.max(1, db.connectTimeout().toSeconds());
        p.setProperty("ApplicationName", application);
        p.setProperty("connectTimeout", String.valueOf(connectSeconds));
        p.setProperty("loginTimeout", String.valueOf(connectSeconds));
        p.setProperty("tcpKeepAlive", "true");
        if (readOnly) {
            // a query the server does not end (a dead network) must not hold the check forever
            p.setProperty("socketTimeout", String.valueOf(db.statementTimeout().toSeconds() + 30));
            p.setProperty("readOnly", "true");
            p.setProperty("readOnlyMode", "always");
        }
        Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = " + db.statementTimeout().toMillis() + "; SET lock_timeout = " + db.lockTimeout().toMillis()
                    + (readOnly ? "; SET default_transaction_read_only = on; SET idle_in_transaction_session_timeout = "
                    + Math.max(60_000, db.statementTimeout().toMillis() * 2) : ""));
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private PostgresUrl url(DatabaseConfig db, Role role) {
        String user = db.user();
        String password = db.password();
        if (role == Role.ACTIONS && db.actions().isPresent()) {
            user = db.actions().get().user();
            password = db.actions().get().password();
        }
        PostgresUrl url;
        if (db.embedded()) {
            if (embedded == null) {
                throw new IllegalArgumentException("database '" + db.name() + "' uses " + db.url()
                        + ", but Caretaker's store is not the embedded PostgreSQL; give it a real URL");
            }
            url = user == null ? new PostgresUrl(embedded.jdbcUrl(db.embeddedDatabaseName()), EmbeddedPostgres.SUPERUSER, embedded.password())
                    : new PostgresUrl(embedded.jdbcUrl(db.embeddedDatabaseName()), user, password);
        } else {
            url = PostgresUrl.parse(db.url(), user, password);
        }
        secrets.add(url.password());
        return url;
    }

    private synchronized Gate gate(DatabaseConfig db) {
        return gates.computeIfAbsent(db.name(), n -> new Gate(db.maxConnections()));
    }

    /** The same failure for a later check of a database found unreachable earlier in this run. */
    private static SQLException again(SQLException first) {
        SQLException e = new SQLException(first.getMessage(), first.getSQLState());
        e.initCause(first);
        return e;
    }

    /** The connection, giving its permit back exactly once when closed. */
    private static Connection released(Connection c, Semaphore permits) {
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(MonitoredDatabases.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        synchronized (closed) {
                            if (!closed[0]) {
                                closed[0] = true;
                                try {
                                    c.close();
                                } finally {
                                    permits.release();
                                }
                            }
                        }
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void close() {
        // sessions are closed by the checks that opened them; nothing is pooled
    }
}
