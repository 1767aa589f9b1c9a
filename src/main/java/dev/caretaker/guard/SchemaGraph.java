package dev.caretaker.guard;

import dev.caretaker.config.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a database's catalog says can happen when a relation is written: its partitions and inheritance children, the
 * foreign keys that cascade from it, the rules and views over it, the triggers on it and the functions they run. Read once
 * from {@code pg_catalog} (a handful of queries) and then walked in memory by {@link Reach}.
 */
public final class SchemaGraph {
    /** A table, view, materialised view or foreign table outside PostgreSQL's own schemas. */
    public record Relation(long oid, String schema, String name, char kind) {
        /** {@code schema.name}, each part quoted only where PostgreSQL needs it. */
        public String qualified() {
            return Identifiers.quote(schema) + "." + Identifiers.quote(name);
        }

        /** How people know it: the bare name in the usual {@code public} schema, else {@code schema.name}. */
        public String label() {
            return schema.equals("public") ? Identifiers.quote(name) : qualified();
        }
    }

    /** A foreign key whose action writes the referencing table when the referenced one changes. */
    public record Cascade(String name, long child, long parent, char onDelete, char onUpdate) {
        String what() {
            List<String> out = new ArrayList<>();
            if (onDelete != 'a' && onDelete != 'r') {
                out.add("ON DELETE " + action(onDelete));
            }
            if (onUpdate != 'a' && onUpdate != 'r') {
                out.add("ON UPDATE " + action(onUpdate));
            }
            return String.join(", ", out);
        }

        private static String action(char c) {
            return switch (c) {
                case 'c' -> "CASCADE";
                case 'n' -> "SET NULL";
                case 'd' -> "SET DEFAULT";
                default -> "?";
            };
        }
    }

    /** A rewrite rule (a view's {@code _RETURN} rule too), the relations it refers to, and its text. */
    public record Rule(String name, long table, List<Long> references, String definition) {
        public boolean viewDefinition() {
            return name.equals("_RETURN");
        }
    }

    /** A trigger someone created (not the internal ones behind foreign keys). */
    public record Trigger(String name, long table, long function) {
    }

    /** A function outside PostgreSQL's own schemas, with its body when it is written in SQL or PL/pgSQL. */
    public record Function(long oid, String schema, String name, String language, char volatility, boolean securityDefiner, String body) {
        public boolean volatileFunction() {
            return volatility == 'v';
        }

        public boolean readable() {
            return language.equals("sql") || language.equals("plpgsql");
        }

        public String label() {
            return (schema.equals("public") ? "" : Identifiers.quote(schema) + ".") + Identifiers.quote(name) + "()";
        }
    }

    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
            + "AND n.nspname NOT LIKE 'pg\\_temp%'";

    final Map<Long, Relation> relations = new HashMap<>();
    final Map<String, List<Relation>> relationsByName = new HashMap<>();
    final Map<Long, List<Long>> children = new HashMap<>();
    final Map<Long, List<Cascade>> cascadesFrom = new HashMap<>();
    final Map<Long, List<Rule>> rulesOn = new HashMap<>();
    final Map<Long, List<Trigger>> triggersOn = new HashMap<>();
    final Map<Long, Function> functions = new HashMap<>();
    final Map<String, List<Function>> functionsByName = new HashMap<>();
    /** Names of every function, PostgreSQL's own included, of which some version is volatile. */
    final Set<String> volatileNames = new HashSet<>();
    /** The server's major version, e.g. 15 or 17. */
    final int serverMajor;

    private SchemaGraph(int serverMajor) {
        this.serverMajor = serverMajor;
    }

    public int serverMajor() {
        return serverMajor;
    }

    /** Reads the catalog of the database {@code c} is connected to. */
    public static SchemaGraph load(Connection c) throws SQLException {
        SchemaGraph g = new SchemaGraph(c.getMetaData().getDatabaseMajorVersion());
        query(c, "SELECT k.oid, n.nspname, k.relname, k.relkind FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace "
                + "WHERE k.relkind IN ('r', 'p', 'v', 'm', 'f') AND " + USER_SCHEMA, rs -> {
            Relation r = new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0));
            g.relations.put(r.oid(), r);
            g.relationsByName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        });
        query(c, "SELECT inhrelid, inhparent FROM pg_inherits", rs ->
                g.children.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getLong(1)));
        query(c, "SELECT conname, conrelid, confrelid, confdeltype, confupdtype FROM pg_constraint WHERE contype = 'f' "
                + "AND (confdeltype IN ('c', 'n', 'd') OR confupdtype IN ('c', 'n', 'd'))", rs -> {
            Cascade k = new Cascade(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4).charAt(0), rs.getString(5).charAt(0));
            g.cascadesFrom.computeIfAbsent(k.parent(), x -> new ArrayList<>()).add(k);
        });
        query(c, "SELECT r.rulename, r.ev_class, coalesce(array_agg(DISTINCT d.refobjid) FILTER (WHERE d.refobjid <> r.ev_class), '{}'), "
                + "CASE WHEN r.rulename = '_RETURN' THEN '' ELSE pg_get_ruledef(r.oid) END FROM pg_rewrite r "
                + "JOIN pg_class k ON k.oid = r.ev_class JOIN pg_namespace n ON n.oid = k.relnamespace "
                + "LEFT JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass "
                + "WHERE " + USER_SCHEMA + " GROUP BY r.oid, r.rulename, r.ev_class", rs -> {
            List<Long> refs = new ArrayList<>();
            for (Object o : (Object[]) rs.getArray(3).getArray()) {
                refs.add(((Number) o).longValue());
            }
            Rule rule = new Rule(rs.getString(1), rs.getLong(2), refs, rs.getString(4));
            g.rulesOn.computeIfAbsent(rule.table(), k -> new ArrayList<>()).add(rule);
        });
        query(c, "SELECT t.tgname, t.tgrelid, t.tgfoid FROM pg_trigger t WHERE NOT t.tgisinternal", rs -> {
            Trigger t = new Trigger(rs.getString(1), rs.getLong(2), rs.getLong(3));
            g.triggersOn.computeIfAbsent(t.table(), k -> new ArrayList<>()).add(t);
        });
        // the body as written for PL/pgSQL and string-bodied SQL functions; the whole definition for SQL-standard bodies
        query(c, "SELECT p.oid, n.nspname, p.proname, l.lanname, p.provolatile, p.prosecdef, CASE WHEN l.lanname NOT IN ('sql', 'plpgsql') "
                + "THEN '' WHEN coalesce(p.prosrc, '') ~ '\\S' THEN p.prosrc ELSE pg_get_functiondef(p.oid) END "
                + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
                + "WHERE p.prokind IN ('f', 'p') AND " + USER_SCHEMA, rs -> {
            Function f = new Function(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5).charAt(0),
                    rs.getBoolean(6), rs.getString(7));
            g.functions.put(f.oid(), f);
            g.functionsByName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
        });
        query(c, "SELECT DISTINCT proname FROM pg_proc WHERE provolatile = 'v'", rs -> g.volatileNames.add(rs.getString(1)));
        return g;
    }

    /** The relations {@code name} ({@code table} or {@code schema.table}, as a config names them) may mean: every schema's for a bare name. */
    public List<Relation> resolve(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String bare = dot < 0 ? n : n.substring(dot + 1);
        List<Relation> out = new ArrayList<>();
        for (Relation r : relationsByName.getOrDefault(bare, List.of())) {
            if (dot < 0 || r.schema().equals(n.substring(0, dot))) {
                out.add(r);
            }
        }
        return out;
    }

    public Relation relation(long oid) {
        return relations.get(oid);
    }

    /** Every relation outside PostgreSQL's own schemas. */
    public java.util.Collection<Relation> relations() {
        return java.util.Collections.unmodifiableCollection(relations.values());
    }

    /** The database's own functions whose name starts with {@code prefix} (e.g. an extension's, {@code dblink}). */
    public List<Function> functionsByNamePrefix(String prefix) {
        return functions.values().stream().filter(f -> f.name().startsWith(prefix)).toList();
    }

    String label(long oid) {
        Relation r = relations.get(oid);
        return r == null ? "relation " + oid : r.label();
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }
}
