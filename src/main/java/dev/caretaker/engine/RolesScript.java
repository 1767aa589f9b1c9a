package dev.caretaker.engine;

import dev.caretaker.action.kinds.MarkIntegration;
import dev.caretaker.action.kinds.Retention;
import dev.caretaker.action.kinds.SqlAction;
import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.BackupCheckConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.IntegrityCheckConfig;
import dev.caretaker.config.JobsCheckConfig;
import dev.caretaker.config.Policy;
import dev.caretaker.config.PostgresCheckConfig;
import dev.caretaker.config.SecurityCheckConfig;
import dev.caretaker.config.SqlCheckConfig;
import dev.caretaker.config.SqlText;
import dev.caretaker.guard.Identifiers;
import dev.caretaker.guard.SchemaGraph;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code caretaker roles sql}: the SQL that creates a database's two roles, each with exactly what Caretaker needs there —
 * a checks role (login, {@code pg_monitor} when a {@code postgres} check reads activity and statistics, {@code SELECT} on
 * the tables and sequences the checks read) and an actions role (the grants its actions need, by kind), and nothing on the
 * protected tables beyond reading. Relations are resolved on a session to the database (an owner's or a superuser's), so
 * the grants name what exists; a password from the config becomes a SCRAM verifier, never plain text.
 */
public final class RolesScript {
    /** The roles' names when neither the config nor the command line gives them. */
    public static final String DEFAULT_CHECKS_ROLE = "caretaker_checks";
    public static final String DEFAULT_ACTIONS_ROLE = "caretaker_actions";

    private RolesScript() {
    }

    /** The roles to create and their passwords (null: set one later with {@code \password}). */
    public record Roles(String checks, String checksPassword, String actions, String actionsPassword) {
    }

    /** The roles for {@code db}: from the command line, else the config's users (unless one is the session's own), else the defaults. */
    public static Roles roles(DatabaseConfig db, String checksOption, String actionsOption, String sessionUser) {
        String checks = checksOption != null ? checksOption
                : db.user() != null && !db.user().equals(sessionUser) ? db.user() : DEFAULT_CHECKS_ROLE;
        String actionsFromConfig = db.actions().map(DatabaseConfig.Credentials::user).orElse(null);
        String actions = actionsOption != null ? actionsOption
                : actionsFromConfig != null && !actionsFromConfig.equals(sessionUser) ? actionsFromConfig : DEFAULT_ACTIONS_ROLE;
        String checksPassword = checks.equals(db.user()) ? db.password() : null;
        String actionsPassword = db.actions().filter(a -> a.user().equals(actions)).map(DatabaseConfig.Credentials::password).orElse(null);
        return new Roles(checks, checksPassword, actions, actionsPassword);
    }

    /** A grant and why (the check or action that needs it). */
    private record Grant(String privileges, String relation, String role) {
    }

    /** The script for database {@code db}, read through {@code c}. */
    public static String sql(CaretakerConfig config, DatabaseConfig db, Connection c, Roles roles) throws SQLException {
        refuseToReshape(c, roles.checks());
        refuseToReshape(c, roles.actions());
        if (roles.checks().equals(roles.actions())) {
            throw new IllegalArgumentException("the checks and the actions need two roles; give them different names");
        }
        SchemaGraph graph = SchemaGraph.load(c);
        String database = one(c, "SELECT current_database()");
        Map<Grant, Set<String>> grants = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        boolean monitor = false;
        boolean createdb = false;
        for (CheckConfig cc : config.checks().values()) {
            if (cc instanceof BackupCheckConfig b && b.restoreTest() && db.name().equals(b.restoreInto())) {
                createdb = true;
            }
            if (!db.name().equals(cc.database())) {
                continue;
            }
            String why = "check " + cc.name();
            List<String> read = new ArrayList<>();
            if (cc instanceof PostgresCheckConfig) {
                monitor = true;
            } else if (cc instanceof IntegrityCheckConfig i) {
                i.orphans().forEach(r -> {
                    read.add(r.childTable());
                    read.add(r.parentTable());
                });
                read.addAll(i.notNull().keySet());
                if (i.discover()) {
                    for (Row r : Sql.resource(c, "integrity/discover.sql")) {
                        read.add(r.str("child_schema") + "." + r.str("child_table"));
                        read.add(r.str("parent_schema") + "." + r.str("parent_table"));
                    }
                }
            } else if (cc instanceof JobsCheckConfig j) {
                read.add(j.table());
            } else if (cc instanceof ErrorsCheckConfig e) {
                read.add(e.table());
                if (e.total() != null && e.total().table() != null) {
                    read.add(e.total().table());
                }
                if (e.total() != null && e.total().query() != null) {
                    read.addAll(named(e.total().query()));
                }
            } else if (cc instanceof SecurityCheckConfig s && s.table() != null) {
                read.add(s.table());
            } else if (cc instanceof SqlCheckConfig s) {
                read.addAll(named(s.query()));
            }
            for (String name : read) {
                Optional<String> rel = resolve(c, name);
                if (rel.isPresent()) {
                    grants.computeIfAbsent(new Grant("SELECT", rel.get(), roles.checks()), k -> new TreeSet<>()).add(why);
                } else if (!(cc instanceof SqlCheckConfig) && !(cc instanceof ErrorsCheckConfig e && e.total() != null && !name.equals(e.table()))) {
                    notes.add(why + " names " + name + ", which is not a table of " + database + " (nothing granted)");
                }
            }
        }
        boolean maintain = false;
        for (ActionConfig a : config.actions().values()) {
            if (!db.name().equals(a.database()) || a.policy() == Policy.FORBIDDEN) {
                continue;
            }
            String why = "action " + a.name() + " (" + a.typeName() + ", " + a.policy().label() + ")";
            switch (a.typeName()) {
                case "sql" -> sqlAction(c, ((SqlAction.Settings) a.settings()).sql(), why, roles, grants, notes);
                case "mark_integration" -> resolve(c, ((MarkIntegration.Settings) a.settings()).table()).ifPresentOrElse(
                        t -> grants.computeIfAbsent(new Grant("SELECT, UPDATE", t, roles.actions()), k -> new TreeSet<>()).add(why),
                        () -> notes.add(why + " names a table that does not exist"));
                case "retention" -> {
                    Retention.Settings r = (Retention.Settings) a.settings();
                    resolve(c, r.table()).ifPresent(t -> grants.computeIfAbsent(new Grant("SELECT, DELETE", t, roles.actions()),
                            k -> new TreeSet<>()).add(why));
                    r.archiveTo().flatMap(x -> resolveQuietly(c, x)).ifPresent(t -> grants.computeIfAbsent(new Grant("INSERT", t, roles.actions()),
                            k -> new TreeSet<>()).add(why));
                }
                case "vacuum", "reindex" -> {
                    if (graph.serverMajor() >= 17) {
                        maintain = true;
                    } else {
                        notes.add(why + ": before PostgreSQL 17 only a table's owner may VACUUM or REINDEX it, and owning tables would let "
                                + "the role write them; this server is " + graph.serverMajor() + ", so the action fails under this role "
                                + "(run it by hand, or upgrade to use the MAINTAIN privilege)");
                    }
                }
                case "cancel", "terminate" -> notes.add(why + " needs pg_signal_backend, which makes a role privileged: automatic actions "
                        + "would then be refused. Not granted; approve it and run it as a person, or grant it knowingly: GRANT pg_signal_backend TO "
                        + Identifiers.quote(roles.actions()));
                default -> {
                }
            }
        }
        dev.caretaker.guard.Reach reach = new dev.caretaker.guard.Reach(graph, db.protectedTables(), true);
        Set<Long> protectedOids = reach.protectedRelations();
        // a write that reaches a protected table, itself or with someone else's rights (cascade, rule, view, partition), is never granted
        for (var it = grants.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().privileges().equals("SELECT")) {
                continue;
            }
            Optional<Long> oid = oid(c, e.getKey().relation());
            Optional<dev.caretaker.guard.Reach.Door> door = oid.flatMap(reach::ofWriting)
                    .filter(d -> d.kind() == dev.caretaker.guard.Reach.Door.Kind.PROTECTED);
            if (door.isPresent()) {
                notes.add("not granted: " + e.getKey().privileges() + " ON " + e.getKey().relation() + " for " + String.join(", ", e.getValue())
                        + ", because " + door.get().why() + "; that action cannot run under this role");
                it.remove();
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("-- Caretaker's roles for database '").append(db.name()).append("' (").append(database).append("), from ")
                .append(config.file().getFileName()).append('\n');
        out.append("-- Read it, then apply it as the database's owner or a superuser: psql -v ON_ERROR_STOP=1 -d ").append(database)
                .append(" -f FILE\n");
        out.append("-- ").append(roles.checks()).append(": what the checks read; ").append(roles.actions()).append(": what the actions change. ")
                .append("Then point the config at them (databases.").append(db.name()).append(".user and .actions) and run caretaker validate --connect.\n");
        for (String n : notes) {
            out.append("-- NOTE: ").append(n).append('\n');
        }
        out.append("BEGIN;\n");
        for (String role : List.of(roles.checks(), roles.actions())) {
            out.append("DO $caretaker$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ").append(Identifiers.literal(role))
                    .append(") THEN CREATE ROLE ").append(Identifiers.quote(role)).append("; END IF; END $caretaker$;\n");
        }
        out.append(alter(roles.checks(), roles.checksPassword(), createdb));
        out.append(alter(roles.actions(), roles.actionsPassword(), false));
        out.append("GRANT CONNECT ON DATABASE ").append(Identifiers.quote(database)).append(" TO ").append(Identifiers.quote(roles.checks()))
                .append(", ").append(Identifiers.quote(roles.actions())).append(";\n");
        if (monitor) {
            out.append("GRANT pg_monitor TO ").append(Identifiers.quote(roles.checks()))
                    .append(";  -- postgres check: activity, statistics, settings and sizes\n");
        }
        Set<String> schemas = new TreeSet<>();
        grants.keySet().forEach(g -> schemas.add(g.relation().substring(0, g.relation().lastIndexOf('.'))));
        List<String> sequences = new ArrayList<>();
        if (monitor) {
            for (Row r : Sql.query(c, "SELECT format('%I.%I', schemaname, sequencename) AS seq, quote_ident(schemaname) AS schema FROM pg_sequences "
                    + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
                sequences.add(r.str("seq"));
                schemas.add(r.str("schema"));
            }
        }
        List<String> maintained = new ArrayList<>();
        if (maintain) {
            for (SchemaGraph.Relation r : graph.relations().stream().filter(r -> r.kind() == 'r' || r.kind() == 'm' || r.kind() == 'p')
                    .sorted(java.util.Comparator.comparing(SchemaGraph.Relation::qualified)).toList()) {
                if (!protectedOids.contains(r.oid())) {
                    maintained.add(r.qualified());
                    schemas.add(Identifiers.quote(r.schema()));
                }
            }
        }
        for (String schema : schemas) {
            out.append("GRANT USAGE ON SCHEMA ").append(schema).append(" TO ").append(Identifiers.quote(roles.checks())).append(", ")
                    .append(Identifiers.quote(roles.actions())).append(";\n");
        }
        grants.forEach((g, why) -> out.append("GRANT ").append(g.privileges()).append(" ON ").append(g.relation()).append(" TO ")
                .append(Identifiers.quote(g.role())).append(";  -- ").append(String.join(", ", why)).append('\n'));
        if (!sequences.isEmpty()) {
            out.append("GRANT SELECT ON SEQUENCE ").append(String.join(", ", sequences)).append(" TO ").append(Identifiers.quote(roles.checks()))
                    .append(";  -- postgres check: how much of its range each sequence has used (SELECT reads it, never advances it)\n");
        }
        for (Grant g : grants.keySet()) {
            if (rowSecurity(c, g.relation())) {
                String policy = "caretaker_" + (g.role().equals(roles.checks()) ? "checks" : "actions");
                boolean reads = g.privileges().equals("SELECT");
                out.append("DROP POLICY IF EXISTS ").append(policy).append(" ON ").append(g.relation()).append("; CREATE POLICY ").append(policy)
                        .append(" ON ").append(g.relation()).append(" AS PERMISSIVE FOR ").append(reads ? "SELECT" : "ALL").append(" TO ")
                        .append(Identifiers.quote(g.role())).append(" USING (true)").append(reads ? "" : " WITH CHECK (true)")
                        .append(";  -- row-level security is on: without a policy the role would see no row\n");
            }
        }
        for (String seq : insertSequences(c, grants, roles)) {
            out.append("GRANT USAGE ON SEQUENCE ").append(seq).append(" TO ").append(Identifiers.quote(roles.actions()))
                    .append(";  -- the serial column of a table an action inserts into\n");
        }
        if (!maintained.isEmpty()) {
            out.append("GRANT MAINTAIN ON ").append(String.join(", ", maintained)).append(" TO ").append(Identifiers.quote(roles.actions()))
                    .append(";  -- vacuum and reindex actions (PostgreSQL 17's MAINTAIN: VACUUM, ANALYZE, REINDEX; no data change); "
                            + "not on protected tables; tables created later need their own grant\n");
        }
        for (long oid : protectedOids) {
            out.append("REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ").append(graph.relation(oid).qualified()).append(" FROM ")
                    .append(Identifiers.quote(roles.checks())).append(", ").append(Identifiers.quote(roles.actions())).append(";  -- protected\n");
        }
        if (!graph.functionsByNamePrefix("dblink").isEmpty()) {
            out.append("-- NOTE: dblink is installed and PUBLIC may execute its functions, so every role can reach other databases through it;\n"
                    + "-- Caretaker reports these roles as privileged until you revoke that (make sure your app does not rely on it):\n"
                    + "-- REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA ").append(Identifiers.quote(graph.functionsByNamePrefix("dblink").get(0).schema()))
                    .append(" FROM PUBLIC;  (then GRANT EXECUTE back to the roles that need it)\n");
        }
        out.append("COMMIT;\n");
        return out.toString();
    }

    private static String alter(String role, String password, boolean createdb) {
        return "ALTER ROLE " + Identifiers.quote(role) + " WITH LOGIN NOSUPERUSER " + (createdb ? "CREATEDB" : "NOCREATEDB")
                + " NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT " + (password == null ? "" : "PASSWORD " + Identifiers.literal(scram(password)))
                + ";" + (createdb ? "  -- CREATEDB: a backup check's restore test creates and drops a throwaway database" : "")
                + (password == null ? "  -- no password in the config: set one with \\password " + Identifiers.quote(role) : "") + "\n";
    }

    /** An existing superuser, or the session's own role, is never reshaped by the script. */
    private static void refuseToReshape(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && (rs.getBoolean(1) || rs.getBoolean(2))) {
                    throw new IllegalArgumentException("role " + role + " is " + (rs.getBoolean(2) ? "the one this session runs as" : "a superuser")
                            + "; the script would take its rights away. Name Caretaker's roles with --checks-role and --actions-role (or give "
                            + "the config's databases.NAME.user and .actions other users)");
                }
            }
        }
    }

    /** A sql action: the verb on its target, SELECT on what else it names. */
    private static void sqlAction(Connection c, String sql, String why, Roles roles, Map<Grant, Set<String>> grants, List<String> notes)
            throws SQLException {
        SqlText text = SqlText.parse(sql);
        String verb = text.firstKeyword();
        Optional<String> target = Optional.empty();
        if (text.target().isPresent()) {
            target = resolve(c, text.target().get());
        }
        if (target.isEmpty()) {
            notes.add(why + " runs " + (verb.isEmpty() ? "nothing" : verb + " …") + ", which no grant allows (only an owner may); it fails "
                    + "under this role: run it by hand");
            return;
        }
        grants.computeIfAbsent(new Grant("SELECT, " + verb, target.get(), roles.actions()), k -> new TreeSet<>()).add(why);
        for (String name : named(sql)) {
            Optional<String> rel = resolve(c, name);
            if (rel.isPresent() && !rel.equals(target)) {
                grants.computeIfAbsent(new Grant("SELECT", rel.get(), roles.actions()), k -> new TreeSet<>()).add(why);
            }
        }
    }

    private static Optional<Long> oid(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::regclass::oid")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static boolean rowSecurity(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT relrowsecurity FROM pg_class WHERE oid = ?::regclass")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Sequences of the serial columns of the tables actions insert into. */
    private static Set<String> insertSequences(Connection c, Map<Grant, Set<String>> grants, Roles roles) throws SQLException {
        Set<String> out = new TreeSet<>();
        for (Grant g : grants.keySet()) {
            if (!g.role().equals(roles.actions()) || !g.privileges().contains("INSERT")) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', n.nspname, s.relname) FROM pg_depend d "
                    + "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace "
                    + "WHERE d.refobjid = ?::regclass AND d.deptype = 'a' AND d.classid = 'pg_class'::regclass")) {
                ps.setString(1, g.relation());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Every name in {@code sql} that could be a relation ({@code name} or {@code schema.name}, not a call): resolved later. */
    static List<String> named(String sql) {
        Set<String> out = new LinkedHashSet<>();
        List<SqlText.Token> t;
        try {
            t = SqlText.parse(sql).tokens();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        for (int i = 0; i < t.size(); i++) {
            String id = t.get(i).identifier();
            if (id.isEmpty() || i + 1 < t.size() && t.get(i + 1).text().equals("(") || i > 0 && t.get(i - 1).text().equals(".")) {
                continue;
            }
            if (i + 2 < t.size() && t.get(i + 1).text().equals(".") && !t.get(i + 2).identifier().isEmpty()) {
                out.add(id + "." + t.get(i + 2).identifier());
            } else {
                out.add(id);
            }
        }
        return new ArrayList<>(out);
    }

    /** The quoted, schema-qualified name the session gives {@code name}, if it is a table or view. */
    private static Optional<String> resolve(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', n.nspname, k.relname) FROM pg_class k JOIN pg_namespace n "
                + "ON n.oid = k.relnamespace WHERE k.oid = to_regclass(?) AND k.relkind IN ('r', 'p', 'v', 'm', 'f')")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if ("42602".equals(e.getSQLState()) || "3F000".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                return Optional.empty(); // not a name, or a schema that does not exist
            }
            throw e;
        }
    }

    private static Optional<String> resolveQuietly(Connection c, String name) {
        try {
            return resolve(c, name);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** PostgreSQL's SCRAM-SHA-256 verifier of {@code password} (RFC 7677, 4096 iterations): the server never sees the password. */
    static String scram(String password) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            int iterations = 4096;
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey) + ":"
                    + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
