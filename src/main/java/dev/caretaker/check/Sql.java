package dev.caretaker.check;

import dev.caretaker.config.Severity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;

/** Runs check queries and sorts their failures into "target is down" and "check could not judge". */
public final class Sql {
    private Sql() {
    }

    public static List<Row> query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return Row.all(rs);
        }
    }

    /** A query with parameters for its {@code ?}s; a list of strings is bound as a {@code text[]}. */
    public static List<Row> query(Connection c, String sql, Object... params) throws SQLException {
        try (java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i] instanceof List<?> list ? c.createArrayOf("text", list.toArray()) : params[i];
                st.setObject(i + 1, p);
            }
            try (ResultSet rs = st.executeQuery()) {
                return Row.all(rs);
            }
        }
    }

    /**
     * An operator's own query ({@code type: sql}, {@code errors.total.query}): refused when the statement analysis finds a
     * way for it to write ({@link dev.caretaker.guard.QueryGuard}: a volatile call outside the allow-list, dblink, a function
     * that writes, a planned write), whatever {@code allow_privileged} says; refused when the checks' role can do more than
     * read (unless the database sets {@code allow_privileged}); and run inside a read-only transaction Caretaker opens and
     * rolls back.
     */
    public static List<Row> customQuery(Connection c, CheckContext context, String database, String sql) throws SQLException {
        dev.caretaker.config.DatabaseConfig db = context.databases().config(database);
        dev.caretaker.guard.RoleAudit.Report role = context.databases().privileges(database, MonitoredDatabases.Role.CHECKS, c);
        if (role.privileged() && !db.allowPrivileged()) {
            throw new IllegalArgumentException("refused to run the query: checks on database '" + database + "' run as " + role.summary()
                    + "; an operator's query runs only under a role that can read and no more. Give the database a monitoring role "
                    + "(caretaker roles sql prints one) or, knowingly, set databases." + database + ".allow_privileged: true");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
            }
            List<String> refusals = dev.caretaker.guard.QueryGuard.refusals(c, sql);
            if (!refusals.isEmpty()) {
                throw new IllegalArgumentException(refusal(refusals));
            }
            return query(c, sql);
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    /** Why an operator's query does not run, with what to do. */
    public static String refusal(List<String> refusals) {
        return "refused to run the query: " + String.join("; ", refusals) + ". A check's query only reads: call no function that "
                + "writes, opens another session (dblink) or changes state; read what such a function would give from a table or view";
    }

    public static List<Row> resource(Connection c, String path) throws SQLException {
        return query(c, SqlResource.load(path));
    }

    /** True when the error means the database could not be reached or logged into at all. */
    public static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || state != null && (state.startsWith("08") || state.equals("28P01") || state.equals("28000")
                || state.equals("3D000") || state.equals("57P03") || state.equals("53300"));
    }

    /** A short reason for a failed query, naming the query and the timeout when one fired. */
    public static String reason(String what, SQLException e, java.time.Duration statementTimeout) {
        String state = e.getSQLState();
        if ("57014".equals(state)) {
            return what + ": query exceeded statement_timeout (" + dev.caretaker.config.Units.formatDuration(statementTimeout)
                    + "); raise 'statement_timeout' of the database if this is expected";
        }
        if ("55P03".equals(state)) {
            return what + ": gave up waiting for a lock (lock_timeout)";
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return what + ": " + msg + (state == null ? "" : " [SQLSTATE " + state + "]");
    }

    /**
     * The server's own words for a failed connection (first line, e.g. {@code FATAL: password authentication failed for user
     * "app"}), and what to look at in the config.
     */
    public static String connectionProblem(SQLException e, dev.caretaker.config.DatabaseConfig db) {
        String words = connectionWords(e);
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String key = "databases." + db.name();
        String hint = switch (state) {
            case "28P01", "28000" -> "check " + key + ".user and " + key + ".password (or the user and password in its url)";
            case "3D000" -> "check the database name in " + key + ".url" + (db.embedded() ? " (run ./caretaker demo to build the demo's)" : "");
            case "57P03" -> "the server is starting or shutting down; it should accept connections shortly";
            case "53300" -> "the server has no free connection slots (max_connections)";
            default -> state.startsWith("08") ? "check the host and port in " + key + ".url and that the server is running and reachable" : "";
        };
        return words + (hint.isEmpty() ? "" : "; " + hint);
    }

    /**
     * The words for a failed connection, the one place every command takes them from: the first line of the driver's or
     * server's message without its closing full stop (so a hint can follow after a semicolon), and the cause when the driver
     * leaves it out ("The connection attempt failed"): a host name that does not resolve, a timeout, no route.
     */
    public static String connectionWords(SQLException e) {
        String words = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("").strip();
        words = words.replaceAll("\\.+$", "");
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return words + ": host " + (t.getMessage() == null ? "name" : t.getMessage()) + " does not resolve";
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return words + ": no answer in time (" + t.getMessage() + ")";
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return words + ": no route to the host";
            }
        }
        return words;
    }

    /** postgres.unreachable, the finding of every check that could not reach its database. */
    public static Finding unreachableFinding(String database, String reason) {
        return new Finding("postgres.unreachable", Severity.CRITICAL, database,
                "cannot reach database '" + database + "': " + reason, java.util.Map.of("reason", reason));
    }
}
