package dev.caretaker.guard;

import dev.caretaker.config.Identifiers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.SqlText;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a row-changing statement before Caretaker runs it by itself: PostgreSQL's planner says what it is and which relations
 * it reads and writes; the catalog ({@link Reach}) says what writing them sets off; the statement's calls are looked up. It is
 * refused when it is not one INSERT, UPDATE or DELETE, when it touches a protected table, when writing its target reaches one
 * (through a partition, cascade, rule, view or trigger), or when it calls a volatile function outside
 * {@link Reach#ALLOWED_VOLATILE} or one whose body leads somewhere dangerous. Privileges remain the anchor: what a statement
 * hides from this analysis (an operator, a cast, a domain check, a row-level policy) its role still cannot exceed.
 */
public final class StatementGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Statements EXPLAIN can plan without running them. */
    private static final Set<String> EXPLAINABLE = Set.of("INSERT", "UPDATE", "DELETE", "SELECT", "WITH", "VALUES", "TABLE", "MERGE");

    private StatementGuard() {
    }

    /** Binds the statement's values (as the statement will run with them). */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * What was found: why Caretaker must not run it by itself ({@code refusals}); what it would set off, which keeps a dry
     * run from executing it ({@code sideEffects}); why it was not even planned (null when it was); the planner's row estimate
     * (-1 unknown).
     */
    public record Verdict(List<String> refusals, List<String> sideEffects, String notPlanned, long estimatedRows) {
        public boolean plannable() {
            return notPlanned == null;
        }

        public boolean mayRunUnattended() {
            return refusals.isEmpty();
        }

        /** Whether a dry run may execute it and roll back: nothing volatile, nothing set off. */
        public boolean mayRehearse() {
            return refusals.isEmpty() && sideEffects.isEmpty();
        }

        /** Why a dry run only shows the plan: the first refusal or side effect. */
        public String whyNotRehearsed() {
            return !refusals.isEmpty() ? refusals.get(0) : sideEffects.isEmpty() ? "" : "it would set off " + String.join(", ", sideEffects);
        }
    }

    /**
     * Examines {@code statement} (JDBC text, values bound by {@code binder}) on {@code c}, inside a read-only transaction it
     * rolls back; the connection is left in auto-commit mode as it was found.
     */
    public static Verdict examine(Connection c, String statement, Binder binder, Collection<String> protectedNames) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (var st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
            }
            return examineIn(c, statement, binder, protectedNames);
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    private static Verdict examineIn(Connection c, String statement, Binder binder, Collection<String> protectedNames) throws SQLException {
        SchemaGraph graph = SchemaGraph.load(c);
        Reach reach = new Reach(graph, protectedNames, false);
        Set<String> refusals = new LinkedHashSet<>();
        Set<String> effects = new LinkedHashSet<>();
        SqlText text = SqlText.parse(statement);
        String verb = text.firstKeyword();
        if (!EXPLAINABLE.contains(verb)) {
            return new Verdict(List.of("it is " + (verb.isEmpty() ? "no statement" : verb + " …") + ", not an INSERT, UPDATE or DELETE"),
                    List.of(), "EXPLAIN plans only INSERT, UPDATE, DELETE and queries", -1);
        }
        boolean plannable = true;
        // calls written in the statement are judged before it is planned: planning may evaluate a stable function
        for (Reach.Call call : Reach.calls(text)) {
            CallVerdict v = judgeCall(graph, reach, call);
            v.refusal().ifPresent(refusals::add);
            v.effect().ifPresent(effects::add);
            plannable &= v.plannable();
        }
        // the table it writes, as written: judged before planning too, since PostgreSQL plans only what the role may run
        Optional<String> written = text.target();
        if (written.isPresent()) {
            for (SchemaGraph.Relation r : resolveAsSearchPath(c, graph, quoted(written.get()))) {
                reach.ofWriting(r.oid()).ifPresent(d -> refusals.add("it writes " + r.label() + (reach.isProtected(r.oid()) ? ": " : "; ")
                        + d.why()));
            }
        }
        if (!plannable) {
            return new Verdict(List.copyOf(refusals), List.copyOf(effects), "planning may evaluate a function it calls", -1);
        }
        JsonNode root;
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (VERBOSE, FORMAT JSON) " + statement)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                root = JSON.readTree(rs.getString(1)).get(0).get("Plan");
            } catch (IOException e) {
                throw new SQLException("cannot read the plan of the statement: " + e.getMessage(), e);
            }
        } catch (SQLException e) {
            if (refusals.isEmpty()) {
                throw e;
            }
            // already refused; PostgreSQL would not even plan it (e.g. no EXECUTE on a function it calls)
            String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return new Verdict(List.copyOf(refusals), List.copyOf(effects), "PostgreSQL would not plan it: " + why, -1);
        }
        if (!"ModifyTable".equals(root.path("Node Type").asText())) {
            refusals.add("PostgreSQL plans this statement as " + root.path("Node Type").asText() + ", not as an INSERT, UPDATE or DELETE");
        }
        List<JsonNode> nodes = new ArrayList<>();
        collect(root, nodes);
        int writes = 0;
        for (JsonNode n : nodes) {
            Optional<SchemaGraph.Relation> rel = relationOf(graph, n);
            if (rel.isEmpty()) {
                continue;
            }
            long oid = rel.get().oid();
            boolean write = "ModifyTable".equals(n.path("Node Type").asText());
            if (reach.isProtected(oid)) {
                refusals.add("it " + (write ? "writes " : "reads ") + rel.get().label() + ": "
                        + reach.ofWriting(oid).map(Reach.Door::why).orElse("it is protected"));
            } else if (write) {
                reach.ofWriting(oid).ifPresent(d -> refusals.add("it writes " + rel.get().label() + "; " + d.why()));
            }
            if (write) {
                writes++;
                effects.addAll(reach.sideEffects(oid));
            }
        }
        if (writes > 1) {
            refusals.add("it writes " + writes + " tables (a data-modifying WITH); an automatic statement writes one");
        }
        // calls the planner added: column defaults, view expressions, expanded functions
        for (String fragment : texts(root)) {
            try {
                for (Reach.Call call : Reach.calls(SqlText.parse(fragment))) {
                    CallVerdict v = judgeCall(graph, reach, call);
                    v.refusal().ifPresent(refusals::add);
                    v.effect().ifPresent(effects::add);
                }
            } catch (IllegalArgumentException e) {
                // a fragment of the plan the lexer cannot read holds no call it could judge
            }
        }
        JsonNode first = root.path("Plans").path(0);
        long rows = first.isMissingNode() ? root.path("Plan Rows").asLong(-1) : first.path("Plan Rows").asLong(-1);
        return new Verdict(List.copyOf(refusals), List.copyOf(effects), null, rows);
    }

    /** PostgreSQL's plan of the statement as text lines (EXPLAIN without ANALYZE: nothing runs), in a read-only transaction. */
    public static List<String> explain(Connection c, String statement, Binder binder) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        List<String> out = new ArrayList<>();
        try {
            try (var st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + statement)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1).strip());
                    }
                }
            }
            return out;
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    /** What one call means: a refusal for an unattended run, a side effect for a dry run, and whether planning is safe. */
    record CallVerdict(Optional<String> refusal, Optional<String> effect, boolean plannable) {
    }

    static CallVerdict judgeCall(SchemaGraph graph, Reach reach, Reach.Call call) {
        List<SchemaGraph.Function> own = graph.functionsByName.getOrDefault(call.name(), List.of()).stream()
                .filter(f -> call.schema() == null || f.schema().equals(call.schema())).toList();
        boolean allowed = reach.allows(call.name());
        for (SchemaGraph.Function f : own) {
            Optional<Reach.Door> door = reach.ofFunction(f).filter(d -> f.readable());
            if (f.volatileFunction() && !allowed || door.isPresent()) {
                String why = "it calls " + (f.volatileFunction() && !allowed ? "volatile function " : "") + f.label()
                        + door.map(d -> "; " + d.why()).orElse("");
                return new CallVerdict(Optional.of(why), Optional.of("a call of " + f.label()), f.volatileFunction());
            }
        }
        if (own.isEmpty() && graph.volatileNames.contains(call.name()) && !allowed) {
            String name = call.name() + "()";
            return new CallVerdict(Optional.of("it calls volatile function " + name), Optional.of("a call of " + name), true);
        }
        return new CallVerdict(Optional.empty(), Optional.empty(), true);
    }

    /**
     * Why writing {@code table} (as a config names it) reaches a protected table or sets off something Caretaker cannot
     * follow; empty when it does neither, or when there is no such table (the action says so itself).
     */
    public static Optional<String> reachOfWriting(Connection c, String table, Collection<String> protectedNames) throws SQLException {
        SchemaGraph graph = SchemaGraph.load(c);
        Reach reach = new Reach(graph, protectedNames, false);
        for (SchemaGraph.Relation r : resolveAsSearchPath(c, graph, table)) {
            Optional<Reach.Door> d = reach.ofWriting(r.oid());
            if (d.isPresent()) {
                return Optional.of(reach.isProtected(r.oid()) ? d.get().why() : "writing " + r.label() + ": " + d.get().why());
            }
        }
        return Optional.empty();
    }

    /** The relation the session's search path gives {@code name}. */
    private static List<SchemaGraph.Relation> resolveAsSearchPath(Connection c, SchemaGraph graph, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)::oid")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long oid = rs.getLong(1);
                SchemaGraph.Relation r = rs.wasNull() ? null : graph.relation(oid);
                return r == null ? List.of() : List.of(r);
            }
        }
    }

    /** A folded name ({@code schema.table}) quoted back, so to_regclass reads it as written. */
    private static String quoted(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? Identifiers.quote(name) : Identifiers.quote(name.substring(0, dot)) + "." + Identifiers.quote(name.substring(dot + 1));
    }

    private static Optional<SchemaGraph.Relation> relationOf(SchemaGraph graph, JsonNode n) {
        if (!n.has("Relation Name")) {
            return Optional.empty();
        }
        String name = n.get("Relation Name").asText();
        String schema = n.path("Schema").asText("");
        return graph.relationsByName.getOrDefault(name, List.of()).stream().filter(r -> schema.isEmpty() || r.schema().equals(schema)).findFirst();
    }

    static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, out);
        }
    }

    /** Every text the plan shows (outputs, filters, conditions), where the planner's expressions appear by name. */
    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (e.getKey().equals("Plans")) {
                v.forEach(child -> out.addAll(texts(child)));
            } else if (v.isTextual() && !e.getKey().equals("Relation Name") && !e.getKey().equals("Schema") && !e.getKey().equals("Alias")) {
                out.add(v.asText());
            } else if (v.isArray()) {
                v.forEach(x -> {
                    if (x.isTextual()) {
                        out.add(x.asText());
                    }
                });
            }
        });
        return out;
    }
}
