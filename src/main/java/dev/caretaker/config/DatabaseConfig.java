package dev.caretaker.config;

import java.time.Duration;
import java.util.List;

/**
 * A monitored database. {@code url} is a JDBC, libpq ({@code postgresql://}) or {@code embedded:NAME} URL;
 * {@code protectedTables} (e.g. tax rates) are tables no {@code auto} action may touch.
 */
public record DatabaseConfig(String name, String url, String user, String password, Duration statementTimeout, Duration lockTimeout,
                             Duration connectTimeout, int maxConnections, List<String> protectedTables) {

    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for a server that does not answer at all; a refused connection or a wrong password fails at once. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 2;
    public static final String EMBEDDED_PREFIX = "embedded:";

    public boolean embedded() {
        return url.startsWith(EMBEDDED_PREFIX);
    }

    public String embeddedDatabaseName() {
        return url.substring(EMBEDDED_PREFIX.length());
    }
}
