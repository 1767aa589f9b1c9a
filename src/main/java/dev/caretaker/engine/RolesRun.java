package dev.caretaker.engine;

import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.check.Sql;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.store.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code caretaker roles sql} over the databases of a config: each read through a session of its own — with {@code --url}
 * as that; for an {@code embedded:} database as Caretaker's superuser; else with the database's settings, and when the
 * config's role cannot log in (it does not exist yet: the usual first time) as the URL's own user or {@code PGUSER}, with
 * {@code PGPASSWORD}.
 */
public final class RolesRun {
    private RolesRun() {
    }

    /** What the command line gave: the roles' names, a URL to connect with, PGUSER and PGPASSWORD, and the part to print. */
    public record Options(String checksRole, String actionsRole, String url, String pgUser, String pgPassword, Part part) {
    }

    /** Which part to print: both, only the roles (part 1) or only the grants (part 2). */
    public enum Part { BOTH, ROLES, GRANTS }

    /** The script to print, the passwords made for new roles (to show once, never to log) and what the reader should know. */
    public record Output(String sql, Map<String, String> generated, List<String> notices) {
    }

    static Output write(CaretakerConfig config, EmbeddedPostgres embedded, List<DatabaseConfig> scope, Options o) throws SQLException {
        StringBuilder out = new StringBuilder();
        Map<String, String> generated = new LinkedHashMap<>();
        List<String> notices = new ArrayList<>();
        for (DatabaseConfig db : scope) {
            DatabaseConfig session = o.url() != null ? as(db, o.url(), null, o.pgPassword()) : db.embedded() ? as(db, db.url(), null, null) : db;
            Optional<RolesScript.Script> script;
            try {
                script = Optional.of(write(config, embedded, db, session, o));
            } catch (SQLException e) {
                if (o.url() != null || db.embedded() || db.user() == null || e.getSQLState() == null || !e.getSQLState().startsWith("28")) {
                    throw e;
                }
                // the config names a role that cannot log in yet: read the schema as the URL's own user instead
                notices.add("database " + db.name() + ": role " + db.user() + " cannot log in yet ("
                        + config.secrets().redact(Sql.connectionWords(e))
                        + "); reading the schema as the URL's user" + (o.pgUser() != null ? " or PGUSER" : "") + " instead");
                script = Optional.of(write(config, embedded, db, as(db, db.url(), o.pgUser(), o.pgPassword()), o));
            }
            RolesScript.Script s = script.get();
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(s.head()).append(o.part() == Part.GRANTS ? "" : s.roles()).append(o.part() == Part.ROLES ? "" : s.grants());
            generated.putAll(s.generated());
        }
        return new Output(out.toString(), generated, notices);
    }

    private static RolesScript.Script write(CaretakerConfig config, EmbeddedPostgres embedded, DatabaseConfig db, DatabaseConfig session,
                                            Options o) throws SQLException {
        try (MonitoredDatabases dbs = new MonitoredDatabases(Map.of(db.name(), session), embedded, config.secrets());
             Connection c = dbs.connect(db.name())) {
            // the session's role is kept out of the names only when it is the owner's or an admin's; the config's own checks role,
            // once it exists, may read the schema for part 2
            var me = Sql.query(c, "SELECT current_user AS u, rolsuper OR rolcreaterole OR (SELECT pg_has_role(current_user, datdba, 'MEMBER') "
                    + "FROM pg_database WHERE datname = current_database()) AS privileged FROM pg_roles WHERE rolname = current_user").get(0);
            String avoid = me.bool("privileged") ? me.str("u") : null;
            return RolesScript.sql(config, db, c, RolesScript.roles(config, db, o.checksRole(), o.actionsRole(), avoid), o.part() != Part.GRANTS);
        }
    }

    private static DatabaseConfig as(DatabaseConfig db, String url, String user, String password) {
        return new DatabaseConfig(db.name(), url, user, password, db.statementTimeout(), db.lockTimeout(), db.connectTimeout(),
                db.maxConnections(), db.protectedTables(), Optional.empty(), false);
    }
}
