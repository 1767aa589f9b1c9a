package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A check that reads one monitored database. A database that cannot be reached or logged into becomes
 * {@code postgres.unreachable} with the server's own words; a failed query (a timeout, a missing privilege) or a name that
 * does not exist makes the result unknown, for what that query judges.
 */
public abstract class DatabaseCheck<C extends CheckConfig> extends ConfiguredCheck<C> {

    protected DatabaseCheck(C config) {
        super(config);
    }

    /** Looks at the database; may record errors itself and go on, or throw to stop. */
    protected abstract void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException;

    @Override
    public final CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        DatabaseConfig db = context.databases().config(config.database());
        try (Connection c = context.databases().connect(config.database())) {
            inspect(c, context, out);
        } catch (SQLException e) {
            if (Sql.unreachable(e)) {
                out.find(Sql.unreachableFinding(config.database(), context.secrets().redact(Sql.connectionProblem(e, db))));
            } else {
                out.error(context.secrets().redact(Sql.reason(type(), e, db.statementTimeout())));
            }
        } catch (IllegalArgumentException e) {
            out.error(context.secrets().redact(e.getMessage()));
        }
        return out.build();
    }

    /** Connects and lets the check verify what it names; an unreachable database is the one problem then. */
    @Override
    public final List<Readiness> preflight(CheckContext context) {
        List<Readiness> out = new java.util.ArrayList<>();
        DatabaseConfig db = context.databases().config(config.database());
        try (Connection c = context.databases().connect(config.database())) {
            prepare(c, context, out);
        } catch (SQLException e) {
            out.add(Readiness.problem(name(), context.secrets().redact(Sql.unreachable(e) ? "cannot reach database '" + db.name() + "': "
                    + Sql.connectionProblem(e, db) : Sql.reason("verifying", e, db.statementTimeout()))));
        } catch (IllegalArgumentException e) {
            out.add(Readiness.problem(name(), context.secrets().redact(e.getMessage())));
        }
        return out;
    }

    /** Verifies, on an open session, what the check needs; by default that the database answers. */
    protected void prepare(Connection c, CheckContext context, List<Readiness> out) throws SQLException {
        out.add(Readiness.ok(name(), "database '" + config.database() + "' answers"));
    }

    /**
     * Runs one step; a failed query becomes an error of the result for what the step judges ({@code scope}) and the check
     * goes on. Rethrows if the database became unreachable.
     */
    protected static void step(String what, List<Unjudged> scope, CheckContext context, ResultBuilder out, Duration timeout, SqlStep step)
            throws SQLException {
        try {
            step.run();
        } catch (SQLException e) {
            if (Sql.unreachable(e)) {
                throw e;
            }
            out.error(context.secrets().redact(Sql.reason(what, e, timeout)), scope);
        } catch (IllegalArgumentException e) {
            out.error(what + ": " + context.secrets().redact(e.getMessage()), scope);
        }
    }

    /** A piece of a check that queries the database. */
    @FunctionalInterface
    protected interface SqlStep {
        void run() throws SQLException;
    }
}
