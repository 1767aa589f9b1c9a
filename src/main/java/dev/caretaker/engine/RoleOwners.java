package dev.caretaker.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may apply part 2 of {@code caretaker roles sql}: in PostgreSQL only an object's owner (or a superuser, or a holder of the
 * privilege WITH GRANT OPTION) grants on it — the database's owner for CONNECT, a schema's for USAGE, a table's for SELECT,
 * its policies and MAINTAIN. CREATEROLE is no help there.
 */
final class RoleOwners {
    private RoleOwners() {
    }

    /** The owners of the database and of {@code objects} (relations, and {@code "schema NAME"} for schemas), the database's first. */
    static List<String> of(Connection c, Collection<String> objects) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        List<String> relations = objects.stream().filter(o -> !o.startsWith("schema ")).toList();
        List<String> schemas = objects.stream().filter(o -> o.startsWith("schema ")).map(o -> o.substring("schema ".length())).toList();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database() "
                + "UNION ALL (SELECT DISTINCT pg_get_userbyid(nspowner) FROM pg_namespace WHERE quote_ident(nspname) = ANY (?) ORDER BY 1) "
                + "UNION ALL (SELECT DISTINCT pg_get_userbyid(k.relowner) FROM unnest(?::text[]) r JOIN pg_class k ON k.oid = to_regclass(r) "
                + "ORDER BY 1)")) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            ps.setArray(2, c.createArrayOf("text", relations.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!"pg_database_owner".equals(rs.getString(1))) { // PostgreSQL 15+: public belongs to whoever owns the database
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** "role app_owner (the owner of the database and of what is granted)", or, with several owners, a member of each. */
    static String words(List<String> owners) {
        if (owners.size() == 1) {
            return "role " + owners.get(0) + " (the owner of the database and of what is granted)";
        }
        return "a role that is a member of each owner of the database and of what is granted (" + String.join(", ", owners) + ")";
    }
}
