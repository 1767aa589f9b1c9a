package dev.caretaker.engine;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.Checks;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.RoleCheck;
import dev.caretaker.check.Sql;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.guard.RoleAudit;
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

    /** What the checks' role, and the actions' role when actions use the database, can do beyond what they need. */
    private static void roles(CaretakerConfig config, MonitoredDatabases dbs, DatabaseConfig db, List<Readiness> out) {
        List<MonitoredDatabases.Role> roles = new ArrayList<>(List.of(MonitoredDatabases.Role.CHECKS));
        if (db.actions().isPresent() || config.actions().values().stream().anyMatch(a -> db.name().equals(a.database()))) {
            roles.add(MonitoredDatabases.Role.ACTIONS);
        }
        for (MonitoredDatabases.Role role : roles) {
            String who = "database " + db.name() + " (" + role.label() + ")";
            try {
                RoleAudit.Report r = dbs.privileges(db.name(), role);
                if (!r.privileged()) {
                    out.add(Readiness.ok(who, r.sentence()));
                } else if (db.allowPrivileged()) {
                    out.add(Readiness.ok(who, r.sentence() + " (allowed by allow_privileged)"));
                } else {
                    out.add(Readiness.warning(who, RoleCheck.PRIVILEGED + ": " + r.sentence() + "; "
                            + (role == MonitoredDatabases.Role.CHECKS ? "custom SQL checks" : "automatic actions") + " will be refused. Create "
                            + "roles with: caretaker roles sql -c " + config.file() + " (or set allow_privileged: true)"));
                }
            } catch (SQLException e) {
                out.add(Readiness.problem(who, config.secrets().redact(Sql.unreachable(e) ? Sql.connectionProblem(e, db) : e.getMessage())));
            }
        }
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
                    roles(config, dbs, db, out);
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
