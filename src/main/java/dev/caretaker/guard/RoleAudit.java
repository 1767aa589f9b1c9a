package dev.caretaker.guard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the role of a session can do beyond what Caretaker's checks and automatic actions are allowed: superuser,
 * {@code CREATEROLE}, {@code BYPASSRLS}, membership in the roles that run programs, read or write server files or signal other
 * backends, ownership of the database or of anything in it, {@code EXECUTE} on {@code dblink} and the server-side
 * large-object and file functions, and write privilege on a
 * protected table or on any relation whose writing reaches one with someone else's privileges (a cascade, a rule, a view, a
 * partition, a {@code SECURITY DEFINER} trigger or function). Read from the catalog with the role's own session.
 */
public final class RoleAudit {
    /** Predefined roles whose members can do what no check or automatic action needs, and what each allows. */
    static final Map<String, String> DANGEROUS_ROLES = dangerousRoles();
    static final String DANGEROUS_FUNCTIONS = "p.proname LIKE 'dblink%' OR p.proname IN ('lo_import', 'lo_export', 'pg_read_file', "
            + "'pg_read_binary_file', 'pg_ls_dir', 'pg_file_write')";

    private RoleAudit() {
    }

    /** The role a session runs as and what it can do that it should not; {@code dangers} empty when nothing. */
    public record Report(String role, boolean superuser, List<String> dangers) {
        public boolean privileged() {
            return !dangers.isEmpty();
        }

        /**
         * The role as a phrase that follows "run as": "role X, which is a superuser …", "role X, which can create and alter roles
         * (CREATEROLE); and owns database app …"; "role X can do nothing beyond what it needs" when nothing.
         */
        public String summary() {
            return dangers.isEmpty() ? sentence() : "role " + role + ", which " + dangerList();
        }

        /** The role as a sentence: "role X is a superuser …", "role X owns database app, 1 schema and 25 tables …". */
        public String sentence() {
            return "role " + role + (dangers.isEmpty() ? " can do nothing beyond what it needs" : " " + dangerList());
        }

        /** Every danger, each a clause with its own verb ("is", "can", "owns", "bypasses"): "A", "A; and B", "A; B; and C". */
        public String dangerList() {
            if (dangers.size() < 2) {
                return String.join("", dangers);
            }
            return String.join("; ", dangers.subList(0, dangers.size() - 1)) + "; and " + dangers.get(dangers.size() - 1);
        }
    }

    private static Map<String, String> dangerousRoles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pg_execute_server_program", "can run programs on the database server (member of pg_execute_server_program)");
        m.put("pg_write_server_files", "can write files on the database server (member of pg_write_server_files)");
        m.put("pg_read_server_files", "can read files on the database server (member of pg_read_server_files)");
        m.put("pg_signal_backend", "can cancel or terminate other sessions (member of pg_signal_backend)");
        return m;
    }

    /** Audits the role of session {@code c}, with the database's protected tables. */
    public static Report audit(Connection c, Collection<String> protectedNames) throws SQLException {
        List<String> dangers = new ArrayList<>();
        String role;
        boolean superuser;
        try (PreparedStatement ps = c.prepareStatement("SELECT current_user, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles "
                + "WHERE rolname = current_user"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            role = rs.getString(1);
            superuser = rs.getBoolean(2);
            if (superuser) {
                return new Report(role, true, List.of("is a superuser (can do anything, run programs on the server included)"));
            }
            if (rs.getBoolean(3)) {
                dangers.add("can create and alter roles (CREATEROLE)");
            }
            if (rs.getBoolean(4)) {
                dangers.add("bypasses row-level security (BYPASSRLS)");
            }
        }
        owned(c).ifPresent(dangers::add);
        try (PreparedStatement ps = c.prepareStatement("SELECT r.rolname FROM pg_roles r WHERE r.rolname = ANY (?) "
                + "AND pg_has_role(current_user, r.oid, 'MEMBER') ORDER BY array_position(?, r.rolname::text)")) {
            Array names = c.createArrayOf("text", DANGEROUS_ROLES.keySet().toArray());
            ps.setArray(1, names);
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dangers.add(DANGEROUS_ROLES.get(rs.getString(1)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT p.proname) FILTER (WHERE p.proname LIKE 'dblink%'), "
                + "string_agg(DISTINCT p.proname, ', ' ORDER BY p.proname) FILTER (WHERE p.proname NOT LIKE 'dblink%') FROM pg_proc p "
                + "WHERE (" + DANGEROUS_FUNCTIONS + ") AND has_function_privilege(p.oid, 'EXECUTE')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) > 0) {
                dangers.add("can EXECUTE dblink's functions (dblink_exec and " + (rs.getInt(1) - 1) + " more): reach other databases");
            }
            if (rs.getString(2) != null) {
                dangers.add("can EXECUTE " + rs.getString(2) + ": read or write the server's files");
            }
        }
        dangers.addAll(writes(c, protectedNames));
        return new Report(role, false, List.copyOf(dangers));
    }

    private static final String OUTSIDE_THE_CATALOGS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
            + "AND n.nspname NOT LIKE 'pg_temp%'";

    /**
     * What the role owns, itself or through a role it is a member of: the database, schemas, tables, views and sequences. An
     * owner may drop, alter and write what it owns, and grant it to anyone, whatever was granted: the app's owner role is no
     * role for Caretaker's checks or actions.
     */
    private static Optional<String> owned(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database "
                + "WHERE datname = current_database()) AS db, current_database() AS name, "
                + "(SELECT count(*) FROM pg_namespace n WHERE pg_has_role(current_user, n.nspowner, 'MEMBER') AND " + OUTSIDE_THE_CATALOGS
                + ") AS schemas, (SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE k.relkind IN "
                + "('r', 'p', 'v', 'm', 'f', 'S') AND pg_has_role(current_user, k.relowner, 'MEMBER') AND " + OUTSIDE_THE_CATALOGS
                + ") AS relations, (SELECT min(format('%I.%I', n.nspname, k.relname)) FROM pg_class k JOIN pg_namespace n ON n.oid = "
                + "k.relnamespace WHERE k.relkind IN ('r', 'p') AND pg_has_role(current_user, k.relowner, 'MEMBER') AND "
                + OUTSIDE_THE_CATALOGS + ") AS example"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            List<String> what = new ArrayList<>();
            if (rs.getBoolean("db")) {
                what.add("database " + rs.getString("name"));
            }
            if (rs.getLong("schemas") > 0) {
                what.add(rs.getLong("schemas") + (rs.getLong("schemas") == 1 ? " schema" : " schemas"));
            }
            if (rs.getLong("relations") > 0) {
                what.add(rs.getLong("relations") + " tables, views or sequences" + (rs.getString("example") == null ? ""
                        : " (" + rs.getString("example") + " among them)"));
            }
            return what.isEmpty() ? Optional.empty() : Optional.of("owns " + (what.size() < 2 ? String.join("", what)
                    : String.join(", ", what.subList(0, what.size() - 1)) + " and " + what.get(what.size() - 1))
                    + ": can drop, alter and write them, and grant them to anyone, whatever was granted");
        }
    }

    /** Write privileges on protected tables and on what reaches them with someone else's privileges. */
    private static List<String> writes(Connection c, Collection<String> protectedNames) throws SQLException {
        if (protectedNames.isEmpty()) {
            return List.of();
        }
        SchemaGraph graph = SchemaGraph.load(c);
        Reach reach = new Reach(graph, protectedNames, true);
        Map<Long, String> doors = new LinkedHashMap<>();
        for (SchemaGraph.Relation r : graph.relations.values()) {
            reach.ofWriting(r.oid()).filter(d -> d.kind() == Reach.Door.Kind.PROTECTED).ifPresent(d -> doors.put(r.oid(), d.why()));
        }
        List<String> out = new ArrayList<>();
        if (!doors.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT o, concat_ws(', ', "
                    + "CASE WHEN has_table_privilege(o, 'INSERT') OR has_any_column_privilege(o, 'INSERT') THEN 'INSERT' END, "
                    + "CASE WHEN has_table_privilege(o, 'UPDATE') OR has_any_column_privilege(o, 'UPDATE') THEN 'UPDATE' END, "
                    + "CASE WHEN has_table_privilege(o, 'DELETE') THEN 'DELETE' END, "
                    + "CASE WHEN has_table_privilege(o, 'TRUNCATE') THEN 'TRUNCATE' END) FROM unnest(?::oid[]) o")) {
                ps.setArray(1, c.createArrayOf("bigint", doors.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String privileges = rs.getString(2);
                        if (privileges == null || privileges.isEmpty()) {
                            continue;
                        }
                        long oid = rs.getLong(1);
                        out.add("can write " + graph.label(oid) + " (" + privileges + "): " + doors.get(oid));
                    }
                }
            }
        }
        for (SchemaGraph.Function f : graph.functions.values()) {
            if (!f.securityDefiner()) {
                continue;
            }
            Optional<Reach.Door> d = reach.ofFunction(f).filter(x -> x.kind() == Reach.Door.Kind.PROTECTED);
            if (d.isPresent() && executable(c, f.oid())) {
                out.add("can EXECUTE " + f.label() + ", a SECURITY DEFINER function: " + d.get().why());
            }
        }
        return out;
    }

    private static boolean executable(Connection c, long function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT has_function_privilege(?::oid, 'EXECUTE')")) {
            ps.setLong(1, function);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
