package dev.caretaker.engine;

import dev.caretaker.guard.ActionGrants;
import dev.caretaker.guard.CheckGrants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the kinds of a config's checks and actions asked for on one database, in the order they asked: each grant with the
 * checks and actions that need it, and the notes on what cannot be granted. {@link RolesScript} writes it out.
 */
final class RoleNeeds {
    /** A privilege on a relation for a role. */
    record Grant(String privileges, String relation, String role) {
    }

    final Connection c;
    final RolesScript.Roles roles;
    /** The database's own name, as the server knows it. */
    final String database;
    final int serverMajor;
    final Map<Grant, Set<String>> grants = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    boolean monitor;
    boolean createdb;
    boolean maintain;

    RoleNeeds(Connection c, RolesScript.Roles roles, String database, int serverMajor) {
        this.c = c;
        this.roles = roles;
        this.database = database;
        this.serverMajor = serverMajor;
    }

    /** What a check asks for, granted to the checks role; {@code why} names the check. */
    CheckGrants forCheck(String why) {
        return new ForCheck(this, why);
    }

    /** What an action asks for, granted to the actions role; {@code why} names the action. */
    ActionGrants forAction(String why) {
        return new ForAction(this, why);
    }

    private void grant(String privileges, String relation, String role, String why) {
        grants.computeIfAbsent(new Grant(privileges, relation, role), k -> new TreeSet<>()).add(why);
    }

    /** The quoted, schema-qualified name the session gives {@code name}, if it is a table or view. */
    private Optional<String> resolve(String name) throws SQLException {
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

    private record ForCheck(RoleNeeds needs, String why) implements CheckGrants {
        @Override
        public Connection connection() {
            return needs.c;
        }

        @Override
        public void select(String name) throws SQLException {
            Optional<String> rel = needs.resolve(name);
            if (rel.isPresent()) {
                needs.grant("SELECT", rel.get(), needs.roles.checks(), why);
            } else {
                needs.notes.add(why + " names " + name + ", which is not a table of " + needs.database + " (nothing granted)");
            }
        }

        @Override
        public void selectIfExists(String name) throws SQLException {
            needs.resolve(name).ifPresent(rel -> needs.grant("SELECT", rel, needs.roles.checks(), why));
        }

        @Override
        public void monitor() {
            needs.monitor = true;
        }

        @Override
        public void createDatabases() {
            needs.createdb = true;
        }
    }

    private record ForAction(RoleNeeds needs, String why) implements ActionGrants {
        @Override
        public String role() {
            return needs.roles.actions();
        }

        @Override
        public Optional<String> resolve(String name) throws SQLException {
            return needs.resolve(name);
        }

        @Override
        public void grant(String privileges, String relation) {
            needs.grant(privileges, relation, role(), why);
        }

        @Override
        public void maintain() {
            if (needs.serverMajor >= 17) {
                needs.maintain = true;
            } else {
                needs.notes.add(why + ": before PostgreSQL 17 only a table's owner may VACUUM or REINDEX it, and owning tables would let "
                        + "the role write them; this server is " + needs.serverMajor + ", so the action fails under this role "
                        + "(run it by hand, or upgrade to use the MAINTAIN privilege)");
            }
        }

        @Override
        public void note(String text) {
            needs.notes.add(text);
        }
    }
}
