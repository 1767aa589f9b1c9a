package dev.caretaker.engine;

import dev.caretaker.config.Identifiers;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Part 1 of {@code caretaker roles sql}: the roles themselves, written so a role with {@code CREATEROLE} that is not a superuser
 * can apply it on PostgreSQL 15, 16 and 17 — a new role is made with every attribute at once; an existing one is changed only
 * where it differs (only a superuser may touch {@code SUPERUSER}, only a role with {@code CREATEDB} the {@code CREATEDB}
 * attribute); {@code pg_monitor} is granted only where the applier may (PostgreSQL 16 and later: a superuser or a holder of
 * {@code pg_monitor WITH ADMIN OPTION}), else a warning names the statement for a superuser.
 */
final class RoleLines {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private RoleLines() {
    }

    /** A new password: 24 letters and digits (about 140 bits), nothing a shell or a YAML file would read otherwise. */
    static String newPassword() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    static boolean exists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The roles' part: each role made or put right, then {@code pg_monitor} for the checks role when a check needs it. */
    static String part(RoleNeeds needs, Map<String, String> passwords) {
        RolesScript.Roles roles = needs.roles;
        StringBuilder out = new StringBuilder("BEGIN;\n");
        out.append(role(roles.checks(), passwords.get(roles.checks()), needs.createdb));
        if (roles.actions() != null) {
            out.append(role(roles.actions(), passwords.get(roles.actions()), false));
        }
        if (needs.monitor) {
            out.append(monitor(roles.checks(), needs.serverMajor));
        }
        return out.append("COMMIT;\n").toString();
    }

    private static String role(String role, String password, boolean createdb) {
        String q = Identifiers.quote(role);
        String pw = password == null ? "" : " PASSWORD " + Identifiers.literal(RolesScript.scram(password));
        StringBuilder out = new StringBuilder();
        if (createdb) {
            out.append("-- CREATEDB: a backup check's restore test creates and drops a throwaway database (the applier needs CREATEDB too)\n");
        }
        if (password == null) {
            out.append("-- no password for ").append(q).append(" in the config: set one with \\password ").append(q).append('\n');
        }
        String db = createdb ? "CREATEDB" : "NOCREATEDB";
        out.append("DO $caretaker$ BEGIN\n  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ").append(Identifiers.literal(role)).append(") THEN\n")
                .append("    CREATE ROLE ").append(q).append(" WITH LOGIN NOSUPERUSER ").append(db)
                .append(" NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT").append(pw).append(";\n  ELSE\n")
                .append("    ALTER ROLE ").append(q).append(" WITH LOGIN NOCREATEROLE INHERIT").append(pw).append(";\n")
                .append("    IF EXISTS (SELECT FROM pg_roles WHERE rolname = ").append(Identifiers.literal(role))
                .append(" AND (rolsuper OR rolreplication OR rolbypassrls OR rolcreatedb <> ").append(createdb).append(")) THEN\n")
                .append("      ALTER ROLE ").append(q).append(" WITH NOSUPERUSER ").append(db).append(" NOREPLICATION NOBYPASSRLS;\n")
                .append("    END IF;\n  END IF;\nEND $caretaker$;\n");
        return out.toString();
    }

    private static String monitor(String role, int serverMajor) {
        String grant = "GRANT pg_monitor TO " + Identifiers.quote(role);
        String who = serverMajor >= 16 ? "a superuser or a role that holds pg_monitor WITH ADMIN OPTION"
                : "a superuser or a role with CREATEROLE";
        String may = "(SELECT rolsuper" + (serverMajor >= 16 ? "" : " OR rolcreaterole") + " FROM pg_roles WHERE rolname = current_user)"
                + " OR pg_has_role('pg_monitor', 'MEMBER WITH ADMIN OPTION')";
        return "-- postgres check: pg_monitor reads activity, statistics, settings and sizes; granting it takes " + who + "\n"
                + "DO $caretaker$ BEGIN\n  IF " + may + " THEN\n    " + grant + ";\n  ELSE\n    RAISE WARNING '%', "
                + Identifiers.literal("Caretaker: this role may not grant pg_monitor (it takes " + who + "); ask one to run: " + grant + ";")
                + ";\n  END IF;\nEND $caretaker$;\n";
    }

    /** The roles the script would give a new password: those with none in the config that do not exist yet. */
    static List<String> needingPasswords(Connection c, RolesScript.Roles roles) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        if (roles.checksPassword() == null && !exists(c, roles.checks())) {
            out.add(roles.checks());
        }
        if (roles.actions() != null && roles.actionsPassword() == null && !exists(c, roles.actions())) {
            out.add(roles.actions());
        }
        return out;
    }
}
