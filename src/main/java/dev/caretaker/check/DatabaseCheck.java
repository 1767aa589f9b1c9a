package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A check that reads one monitored database. An unreachable database becomes {@code postgres.unreachable};
 * a failed query (a timeout, a missing privilege) or a name that does not exist makes the result unknown.
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
                out.find(Sql.unreachableFinding(config.database(), context.secrets().redact(firstLine(e.getMessage()))));
            } else {
                out.error(context.secrets().redact(Sql.reason(type(), e, db.statementTimeout())));
            }
        } catch (IllegalArgumentException e) {
            out.error(context.secrets().redact(e.getMessage()));
        }
        return out.build();
    }

    /** Runs one step; a failed query becomes an error of the result and the check goes on. Rethrows if unreachable. */
    protected static void step(String what, CheckContext context, ResultBuilder out, java.time.Duration timeout, SqlStep step)
            throws SQLException {
        try {
            step.run();
        } catch (SQLException e) {
            if (Sql.unreachable(e)) {
                throw e;
            }
            out.error(context.secrets().redact(Sql.reason(what, e, timeout)));
        } catch (IllegalArgumentException e) {
            out.error(what + ": " + context.secrets().redact(e.getMessage()));
        }
    }

    /** A piece of a check that queries the database. */
    @FunctionalInterface
    protected interface SqlStep {
        void run() throws SQLException;
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
