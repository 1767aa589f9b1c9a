package dev.caretaker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The store's connection pools, one per kind of work, so one kind can never take the connections of another: the node's
 * own work (ticks, the scheduler's heartbeats, deliveries, housekeeping, the CLI), the web server's requests (a small pool
 * of their own, entered by {@link #serveWeb()} on a request's thread), and the readiness probe (one connection, and a short
 * wait, so {@code /readyz} says 503 at once when the store is gone). The web and probe pools open nothing until first used.
 */
final class Lanes implements DataSource, AutoCloseable {
    /** Connections web requests share at most; a request waits {@link #WEB_CONNECTION_TIMEOUT} for one. */
    static final int WEB_POOL_SIZE = 4;
    static final Duration WEB_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** How long the readiness probe waits for its connection; then the store counts as unreachable. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

    private static final ThreadLocal<Boolean> WEB = ThreadLocal.withInitial(() -> false);

    private final HikariDataSource work;
    private final HikariDataSource web;
    private final HikariDataSource probe;

    Lanes(HikariDataSource work, HikariConfig base) {
        this.work = work;
        this.web = lazy(base, "caretaker-web", WEB_POOL_SIZE, WEB_CONNECTION_TIMEOUT);
        this.probe = lazy(base, "caretaker-probe", 1, PROBE_TIMEOUT);
        // a store that stops answering mid-query or mid-connect must not hold the probe much longer than its wait
        probe.addDataSourceProperty("socketTimeout", "2");
        probe.addDataSourceProperty("connectTimeout", "2");
    }

    private static HikariDataSource lazy(HikariConfig base, String name, int size, Duration timeout) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(base.getJdbcUrl());
        ds.setUsername(base.getUsername());
        ds.setPassword(base.getPassword());
        base.getDataSourceProperties().forEach((k, v) -> ds.addDataSourceProperty(String.valueOf(k), v));
        ds.setMinimumIdle(base.getMinimumIdle());
        ds.setPoolName(name);
        ds.setMaximumPoolSize(size);
        ds.setConnectionTimeout(timeout.toMillis());
        ds.setValidationTimeout(Math.min(ds.getValidationTimeout(), timeout.toMillis() / 2));
        ds.setInitializationFailTimeout(-1); // start without a connection; a store that is down shows as a failed borrow
        return ds;
    }

    /** Marks the current thread as serving a web request: its connections come from the web pool until {@link #serveWork()}. */
    static void serveWeb() {
        WEB.set(true);
    }

    static void serveWork() {
        WEB.remove();
    }

    static boolean servingWeb() {
        return WEB.get();
    }

    DataSource probe() {
        return probe;
    }

    private DataSource current() {
        return WEB.get() ? web : work;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return current().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return work.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        work.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        work.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return work.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return work.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : work.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || work.isWrapperFor(type);
    }

    @Override
    public void close() {
        probe.close();
        web.close();
        work.close();
    }
}
