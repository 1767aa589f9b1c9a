package dev.caretaker.engine;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.Checks;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.Sql;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.store.EmbeddedPostgres;
import dev.caretaker.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code caretaker validate --connect}: connects to the store and to every database, and lets every check say whether it can
 * work — tables, columns, privileges, folders — without running any check or sending any request.
 */
public final class Preflight {
    private Preflight() {
    }

    /** What was found, in the order of the config: the store, the databases, then each check. */
    public static List<Readiness> run(CaretakerConfig config, Store store, Clock clock) {
        List<Readiness> out = new ArrayList<>();
        out.add(Readiness.ok("store", (store.embedded().isPresent() ? "embedded PostgreSQL under " + config.store().home()
                : "store.url") + ", schema " + Store.SCHEMA + " at version " + Store.SCHEMA_VERSION));
        EmbeddedPostgres embedded = store.embedded().orElse(null);
        try (MonitoredDatabases dbs = new MonitoredDatabases(config.databases(), embedded, config.secrets())) {
            for (DatabaseConfig db : config.databases().values()) {
                try (Connection c = dbs.connect(db.name())) {
                    var r = Sql.query(c, "SELECT current_user AS who, current_database() AS db, current_setting('server_version') AS v").get(0);
                    out.add(Readiness.ok("database " + db.name(), "connected to " + r.str("db") + " as " + r.str("who") + " (PostgreSQL "
                            + r.str("v") + ")"));
                } catch (SQLException e) {
                    out.add(Readiness.problem("database " + db.name(), config.secrets().redact(Sql.unreachable(e)
                            ? Sql.connectionProblem(e, db) : e.getMessage())));
                } catch (IllegalArgumentException e) {
                    out.add(Readiness.problem("database " + db.name(), e.getMessage()));
                }
            }
            CheckContext context = new CheckContext(clock, dbs, config.secrets());
            for (CheckConfig cc : config.checks().values()) {
                try {
                    out.addAll(Checks.create(cc).preflight(context));
                } catch (RuntimeException e) {
                    out.add(Readiness.problem(cc.name(), config.secrets().redact("cannot be verified: " + e.getMessage())));
                }
            }
        }
        return out;
    }
}
