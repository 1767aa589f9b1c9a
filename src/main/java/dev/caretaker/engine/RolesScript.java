package dev.caretaker.engine;

import dev.caretaker.action.ActionKinds;
import dev.caretaker.check.CheckKinds;
import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.DatabaseConfig;
import dev.caretaker.config.Policy;
import dev.caretaker.config.Identifiers;
import dev.caretaker.guard.Reach;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 * {@code caretaker roles sql}: the SQL that creates a database's roles, each with exactly what Caretaker needs there —
 * a checks role (login, {@code pg_monitor} when a {@code postgres} check reads activity and statistics, {@code SELECT} on
 * the tables and sequences the checks read) and, when actions use the database, an actions role (the grants its actions
 * need), and nothing on the protected tables beyond reading. Part 1 ({@link RoleLines}) makes the roles, for a superuser or
 * a role with CREATEROLE; part 2 grants, for the owners ({@link RoleOwners}). Each check's and action's kind says what it
 * needs; the names are resolved on a session to the database, so the grants name what exists; a password becomes a SCRAM
 * verifier, never plain text.
 */
public final class RolesScript {
    /** The roles' names when neither the config nor the command line gives them. */
    public static final String DEFAULT_CHECKS_ROLE = "caretaker_checks";
    public static final String DEFAULT_ACTIONS_ROLE = "caretaker_actions";

    private RolesScript() {
    }

    /** The roles to create and their passwords (null: none in the config); {@code actions} null when no action uses the database. */
    public record Roles(String checks, String checksPassword, String actions, String actionsPassword) {
        /** The roles, quoted, separated by commas: the grantees of what both get. */
        String quoted() {
            return Identifiers.quote(checks) + (actions == null ? "" : ", " + Identifiers.quote(actions));
        }
    }

    /** What {@code roles sql} prints for one database: its head, part 1 (the roles), part 2 (the grants), and the passwords it made. */
    public record Script(String head, String roles, String grants, Map<String, String> generated) {
    }

    /**
     * The roles for {@code db}: from the command line, else the config's users (unless one is the session's own), else the
     * defaults. An actions role only when an action may run on the database, the database names one, or the command line does.
     */
    public static Roles roles(CaretakerConfig config, DatabaseConfig db, String checksOption, String actionsOption, String sessionUser) {
        String checks = checksOption != null ? checksOption
                : db.user() != null && !db.user().equals(sessionUser) ? db.user() : DEFAULT_CHECKS_ROLE;
        String checksPassword = checks.equals(db.user()) ? db.password() : null;
        boolean acts = actionsOption != null || db.actions().isPresent() || config.actions().values().stream()
                .anyMatch(a -> db.name().equals(a.database()) && a.policy() != Policy.FORBIDDEN);
        if (!acts) {
            return new Roles(checks, checksPassword, null, null);
        }
        String actionsFromConfig = db.actions().map(DatabaseConfig.Credentials::user).orElse(null);
        String actions = actionsOption != null ? actionsOption
                : actionsFromConfig != null && !actionsFromConfig.equals(sessionUser) ? actionsFromConfig : DEFAULT_ACTIONS_ROLE;
        String actionsPassword = db.actions().filter(a -> a.user().equals(actions)).map(DatabaseConfig.Credentials::password).orElse(null);
        return new Roles(checks, checksPassword, actions, actionsPassword);
    }

    /**
     * The script for database {@code db}, read through {@code c}; with {@code makePasswords}, a role with no password in the
     * config that does not exist yet gets a new one (in {@link Script#generated}, to be shown once; the script holds only its
     * SCRAM verifier).
     */
    public static Script sql(CaretakerConfig config, DatabaseConfig db, Connection c, Roles roles, boolean makePasswords) throws SQLException {
        refuseToReshape(c, roles.checks());
        if (roles.actions() != null) {
            refuseToReshape(c, roles.actions());
        }
        if (roles.checks().equals(roles.actions())) {
            throw new IllegalArgumentException("the checks and the actions need two roles; give them different names");
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        if (roles.checksPassword() != null) {
            passwords.put(roles.checks(), roles.checksPassword());
        }
        if (roles.actionsPassword() != null) {
            passwords.put(roles.actions(), roles.actionsPassword());
        }
        Map<String, String> generated = new LinkedHashMap<>();
        if (makePasswords) {
            for (String role : RoleLines.needingPasswords(c, roles)) {
                generated.put(role, RoleLines.newPassword());
            }
        }
        passwords.putAll(generated);
        SchemaGraph graph = SchemaGraph.load(c);
        RoleNeeds needs = new RoleNeeds(c, roles, one(c, "SELECT current_database()"), graph.serverMajor());
        askTheKinds(config, db, needs);
        Reach reach = new Reach(graph, db.protectedTables(), true);
        dropProtectedWrites(c, reach, needs);
        StringBuilder grants = new StringBuilder("BEGIN;\n");
        Set<String> objects = grantLines(grants, c, graph, reach.protectedRelations(), needs);
        for (long oid : reach.protectedRelations()) {
            grants.append("REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ").append(graph.relation(oid).qualified()).append(" FROM ")
                    .append(roles.quoted()).append(";  -- protected\n");
            objects.add(graph.relation(oid).qualified());
        }
        if (!graph.functionsByNamePrefix("dblink").isEmpty()) {
            grants.append("-- NOTE: dblink is installed and PUBLIC may execute its functions, so every role can reach other databases through it;\n"
                    + "-- Caretaker reports these roles as privileged until you revoke that (make sure your app does not rely on it):\n"
                    + "-- REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA ")
                    .append(Identifiers.quote(graph.functionsByNamePrefix("dblink").get(0).schema()))
                    .append(" FROM PUBLIC;  (then GRANT EXECUTE back to the roles that need it)\n");
        }
        grants.append("COMMIT;\n");
        String owners = RoleOwners.words(RoleOwners.of(c, objects));
        return new Script(head(config, db, needs, owners), "-- Part 1 of 2: the roles. Apply as a superuser or a role with CREATEROLE.\n"
                + RoleLines.part(needs, passwords), "-- Part 2 of 2: the grants. Apply as " + owners + ", or a superuser.\n" + grants,
                Map.copyOf(generated));
    }

    /** Each check and each action that may run on {@code db} tells what it needs, through its kind. */
    private static void askTheKinds(CaretakerConfig config, DatabaseConfig db, RoleNeeds needs) throws SQLException {
        for (CheckConfig cc : config.checks().values()) {
            if (db.name().equals(cc.database())) {
                CheckKinds.of(cc).grants(cc, needs.forCheck("check " + cc.name()));
            }
        }
        for (ActionConfig a : config.actions().values()) {
            if (db.name().equals(a.database()) && a.policy() != Policy.FORBIDDEN) {
                ActionKinds.of(a).grants(a, needs.forAction("action " + a.name() + " (" + a.typeName() + ", " + a.policy().label() + ")"));
            }
        }
    }

    /** A write that reaches a protected table, itself or with someone else's rights (cascade, rule, view, partition), is never granted. */
    private static void dropProtectedWrites(Connection c, Reach reach, RoleNeeds needs) throws SQLException {
        for (var it = needs.grants.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().privileges().equals("SELECT")) {
                continue;
            }
            Optional<Reach.Door> door = oid(c, e.getKey().relation()).flatMap(reach::ofWriting)
                    .filter(d -> d.kind() == Reach.Door.Kind.PROTECTED);
            if (door.isPresent()) {
                needs.notes.add("not granted: " + e.getKey().privileges() + " ON " + e.getKey().relation() + " for " + String.join(", ", e.getValue())
                        + ", because " + door.get().why() + "; that action cannot run under this role");
                it.remove();
            }
        }
    }

    /** What the script is, who applies which part, and the notes: what it could not grant and why. */
    private static String head(CaretakerConfig config, DatabaseConfig db, RoleNeeds needs, String owners) {
        Roles roles = needs.roles;
        String file = config.file().getFileName().toString();
        StringBuilder out = new StringBuilder();
        out.append("-- Caretaker's roles for database '").append(db.name()).append("' (").append(needs.database).append("), from ")
                .append(file).append('\n');
        out.append("-- ").append(roles.checks()).append(": what the checks read; ").append(roles.actions() == null
                ? "no action uses this database, so no actions role." : roles.actions() + ": what the actions change.").append('\n');
        out.append("-- Two parts, one transaction each. Part 1 makes the roles: a superuser or a role with CREATEROLE applies it.\n")
                .append("-- Part 2 grants what they read and change: ").append(owners).append(", or a superuser, applies it.\n")
                .append("-- A superuser (or a role with CREATEROLE that also owns all of it) applies the whole file:\n")
                .append("--   psql -v ON_ERROR_STOP=1 -d ").append(needs.database).append(" -f FILE\n")
                .append("-- Otherwise print each part and apply it as its role: caretaker roles sql -c ").append(file)
                .append(" --part roles, then --part grants.\n")
                .append("-- Then point the config at the roles (databases.").append(db.name()).append(roles.actions() == null ? ".user" : ".user and .actions")
                .append(") and run caretaker validate --connect.\n");
        for (String n : needs.notes) {
            out.append("-- NOTE: ").append(n).append('\n');
        }
        return out.toString();
    }

    /** The schemas, the tables and sequences, the row-level-security policies and MAINTAIN the kinds asked for. */
    private static Set<String> grantLines(StringBuilder out, Connection c, SchemaGraph graph, Set<Long> protectedOids, RoleNeeds needs)
            throws SQLException {
        Roles roles = needs.roles;
        Set<String> schemas = new TreeSet<>();
        needs.grants.keySet().forEach(g -> schemas.add(g.relation().substring(0, g.relation().lastIndexOf('.'))));
        List<String> sequences = needs.monitor ? sequences(c, schemas) : List.of();
        List<String> maintained = needs.maintain ? maintained(graph, protectedOids, schemas) : List.of();
        out.append("GRANT CONNECT ON DATABASE ").append(Identifiers.quote(needs.database)).append(" TO ").append(roles.quoted()).append(";\n");
        for (String schema : schemas) {
            out.append("GRANT USAGE ON SCHEMA ").append(schema).append(" TO ").append(roles.quoted()).append(";\n");
        }
        needs.grants.forEach((g, why) -> out.append("GRANT ").append(g.privileges()).append(" ON ").append(g.relation()).append(" TO ")
                .append(Identifiers.quote(g.role())).append(";  -- ").append(String.join(", ", why)).append('\n'));
        if (!sequences.isEmpty()) {
            out.append("GRANT SELECT ON SEQUENCE ").append(String.join(", ", sequences)).append(" TO ").append(Identifiers.quote(roles.checks()))
                    .append(";  -- postgres check: how much of its range each sequence has used (SELECT reads it, never advances it)\n");
        }
        for (RoleNeeds.Grant g : needs.grants.keySet()) {
            if (rowSecurity(c, g.relation())) {
                String policy = "caretaker_" + (g.role().equals(roles.checks()) ? "checks" : "actions");
                boolean reads = g.privileges().equals("SELECT");
                out.append("DROP POLICY IF EXISTS ").append(policy).append(" ON ").append(g.relation()).append("; CREATE POLICY ").append(policy)
                        .append(" ON ").append(g.relation()).append(" AS PERMISSIVE FOR ").append(reads ? "SELECT" : "ALL").append(" TO ")
                        .append(Identifiers.quote(g.role())).append(" USING (true)").append(reads ? "" : " WITH CHECK (true)")
                        .append(";  -- row-level security is on: without a policy the role would see no row\n");
            }
        }
        for (String seq : insertSequences(c, needs.grants, roles)) {
            out.append("GRANT USAGE ON SEQUENCE ").append(seq).append(" TO ").append(Identifiers.quote(roles.actions()))
                    .append(";  -- the serial column of a table an action inserts into\n");
        }
        if (!maintained.isEmpty()) {
            out.append("GRANT MAINTAIN ON ").append(String.join(", ", maintained)).append(" TO ").append(Identifiers.quote(roles.actions()))
                    .append(";  -- vacuum and reindex actions (PostgreSQL 17's MAINTAIN: VACUUM, ANALYZE, REINDEX; no data change); "
                            + "not on protected tables; tables created later need their own grant\n");
        }
        Set<String> objects = new TreeSet<>();
        needs.grants.keySet().forEach(g -> objects.add(g.relation()));
        objects.addAll(sequences);
        objects.addAll(maintained);
        schemas.forEach(schema -> objects.add("schema " + schema));
        return objects;
    }

    /** Every sequence outside the catalogs, for the postgres check; their schemas join {@code schemas}. */
    private static List<String> sequences(Connection c, Set<String> schemas) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Row r : Sql.query(c, "SELECT format('%I.%I', schemaname, sequencename) AS seq, quote_ident(schemaname) AS schema FROM pg_sequences "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
            out.add(r.str("seq"));
            schemas.add(r.str("schema"));
        }
        return out;
    }

    /** Every table and materialised view but the protected ones, for vacuum and reindex; their schemas join {@code schemas}. */
    private static List<String> maintained(SchemaGraph graph, Set<Long> protectedOids, Set<String> schemas) {
        List<String> out = new ArrayList<>();
        for (SchemaGraph.Relation r : graph.relations().stream().filter(r -> r.kind() == 'r' || r.kind() == 'm' || r.kind() == 'p')
                .sorted(Comparator.comparing(SchemaGraph.Relation::qualified)).toList()) {
            if (!protectedOids.contains(r.oid())) {
                out.add(r.qualified());
                schemas.add(Identifiers.quote(r.schema()));
            }
        }
        return out;
    }

    /** An existing superuser, or the session's own role when it owns the database or has CREATEROLE, is never reshaped by the script. */
    private static void refuseToReshape(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper, rolname = current_user AND (rolcreaterole OR (SELECT "
                + "pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database WHERE datname = current_database())) FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && (rs.getBoolean(1) || rs.getBoolean(2))) {
                    throw new IllegalArgumentException("role " + role + " is " + (rs.getBoolean(2) ? "the one this session runs as, and it owns the database or has CREATEROLE"
                            : "a superuser")
                            + "; the script would take its rights away. Name Caretaker's roles with --checks-role and --actions-role (or give "
                            + "the config's databases.NAME.user and .actions other users)");
                }
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
    private static Set<String> insertSequences(Connection c, Map<RoleNeeds.Grant, Set<String>> grants, Roles roles) throws SQLException {
        Set<String> out = new TreeSet<>();
        for (RoleNeeds.Grant g : grants.keySet()) {
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
