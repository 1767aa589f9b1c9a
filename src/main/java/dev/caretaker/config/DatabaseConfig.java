package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A monitored database. {@code url} is a JDBC, libpq ({@code postgresql://}) or {@code embedded:NAME} URL; {@code user} and
 * {@code password} are the checks' role; {@code actions} the role actions run as (absent: the checks' role).
 * {@code protectedTables} (e.g. tax rates) are tables no {@code auto} action may touch. {@code allowPrivileged} lets automatic
 * actions and custom SQL checks run under a role that can do more than they need (a superuser, a role that can write a
 * protected table), which every report then shows.
 */
public record DatabaseConfig(String name, String url, String user, String password, Duration statementTimeout, Duration lockTimeout,
                             Duration connectTimeout, int maxConnections, List<String> protectedTables, Optional<Credentials> actions,
                             boolean allowPrivileged) {

    /** A role to log in as; a null password leaves it to the URL, {@code .pgpass} or the server's trust. */
    public record Credentials(String user, String password) {
    }

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
