package dev.caretaker.guard;

import dev.caretaker.config.Identifiers;
import dev.caretaker.config.SqlText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What writing a relation or calling a function can lead to, by the catalog: the partitions and inheritance children it
 * writes too, the foreign keys that cascade from it, the rules and views over it, the triggers on it and what their
 * functions write or call. A path that ends in a protected table is a {@link Door.Kind#PROTECTED} door; one Caretaker cannot
 * follow (dynamic SQL, a volatile function in C, a language it cannot read) is {@link Door.Kind#OPAQUE}.
 *
 * <p>With {@code escalatingOnly}, only paths that run with someone else's privileges are followed (cascades, rules, views,
 * partitions, {@code SECURITY DEFINER} trigger functions): what a role can reach beyond its own grants.
 */
public final class Reach {
    /** Volatile functions an automatic statement may call: clocks, random values, sequences, transaction ids. */
    public static final Set<String> ALLOWED_VOLATILE = Set.of("now", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
            "timeofday", "random", "gen_random_uuid", "uuid_generate_v4", "nextval", "currval", "lastval", "txid_current", "pg_current_xact_id");

    /** Why something is dangerous, as one sentence chain; {@code kind} says whether it ends in a protected table. */
    public record Door(Kind kind, String why) {
        public enum Kind { PROTECTED, OPAQUE }
    }

    private static final Set<String> WRITE_VERBS = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE", "MERGE", "COPY");
    private static final Set<String> NOT_A_WRITE_BEFORE = Set.of("FOR", "ON", "OR", "BEFORE", "AFTER", "OF", "NO", "KEY", "SHARE");

    /**
     * Volatile functions a check's query may call: the clocks and random values above, sequences' current values, and what the
     * server's monitoring views read (sizes, locks, recovery state, WAL positions, statistics; every {@code pg_stat_get_…}).
     * {@code nextval}, {@code setval} and transaction ids are not among them: they change state.
     */
    public static final Set<String> QUERY_VOLATILE = Set.of("now", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
            "timeofday", "random", "gen_random_uuid", "uuid_generate_v4", "currval", "lastval", "pg_database_size", "pg_relation_size",
            "pg_total_relation_size", "pg_table_size", "pg_indexes_size", "pg_tablespace_size", "pg_is_in_recovery",
            "pg_current_wal_lsn", "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn", "pg_last_wal_receive_lsn",
            "pg_last_wal_replay_lsn", "pg_last_xact_replay_timestamp", "pg_is_wal_replay_paused", "pg_get_wal_replay_pause_state",
            "pg_lock_status", "pg_sequence_last_value", "pg_prepared_xact", "pg_stat_statements", "pg_stat_statements_info",
            "pg_get_backend_memory_contexts", "pg_get_shmem_allocations", "pg_get_wait_events", "pg_show_replication_origin_status");
    /** Statistics readers, every one a read. */
    private static final String STATISTICS = "pg_stat_get_";

    private final SchemaGraph graph;
    private final boolean escalatingOnly;
    /** A check's query: writes nothing, may call {@link #QUERY_VOLATILE}; otherwise {@link #ALLOWED_VOLATILE}. */
    private final boolean query;
    /** Protected relations (as configured, with their partitions and children) and how each came to be protected. */
    private final Map<Long, String> protectedRelations = new LinkedHashMap<>();
    private final Map<Long, Optional<Door>> relationMemo = new HashMap<>();
    private final Map<Long, Optional<Door>> functionMemo = new HashMap<>();
    private final Set<Long> visitingRelations = new HashSet<>();
    private final Set<Long> visitingFunctions = new HashSet<>();

    public Reach(SchemaGraph graph, Collection<String> protectedNames, boolean escalatingOnly) {
        this(graph, escalatingOnly, false);
        for (String name : protectedNames) {
            for (SchemaGraph.Relation r : graph.resolve(name)) {
                protect(r.oid(), r.label() + " is protected");
            }
        }
    }

    private Reach(SchemaGraph graph, boolean escalatingOnly, boolean query) {
        this.graph = graph;
        this.escalatingOnly = escalatingOnly;
        this.query = query;
    }

    /**
     * The reach of a check's query, which may write nothing: every relation is a door, and only {@link #QUERY_VOLATILE} may be
     * called.
     */
    public static Reach readOnly(SchemaGraph graph) {
        Reach r = new Reach(graph, false, true);
        for (SchemaGraph.Relation rel : graph.relations()) {
            r.protectedRelations.put(rel.oid(), "a check's query may not write " + rel.label());
        }
        return r;
    }

    /** Whether a volatile function of this name may be called. */
    public boolean allows(String volatileName) {
        return query ? QUERY_VOLATILE.contains(volatileName) || volatileName.startsWith(STATISTICS) : ALLOWED_VOLATILE.contains(volatileName);
    }

    private void protect(long oid, String why) {
        if (protectedRelations.putIfAbsent(oid, why) != null) {
            return;
        }
        String kind = graph.relation(oid) != null && graph.relation(oid).kind() == 'p' ? "partition" : "child table";
        for (long child : graph.children.getOrDefault(oid, List.of())) {
            protect(child, graph.label(child) + " is a " + kind + " of protected table " + graph.label(oid));
        }
    }

    public boolean isProtected(long oid) {
        return protectedRelations.containsKey(oid);
    }

    /** The protected relations, partitions and inheritance children included. */
    public Set<Long> protectedRelations() {
        return protectedRelations.keySet();
    }

    /** Why writing {@code oid} reaches a protected table or does something Caretaker cannot follow; empty when neither. */
    public Optional<Door> ofWriting(long oid) {
        Optional<Door> known = relationMemo.get(oid);
        if (known != null) {
            return known;
        }
        if (!visitingRelations.add(oid)) {
            return Optional.empty(); // a cycle: the path is judged where it started
        }
        Optional<Door> found = writing(oid);
        visitingRelations.remove(oid);
        relationMemo.put(oid, found);
        return found;
    }

    private Optional<Door> writing(long oid) {
        String self = protectedRelations.get(oid);
        if (self != null) {
            return Optional.of(new Door(Door.Kind.PROTECTED, self));
        }
        String name = graph.label(oid);
        List<Door> doors = new ArrayList<>();
        SchemaGraph.Relation rel = graph.relation(oid);
        for (long child : graph.children.getOrDefault(oid, List.of())) {
            ofWriting(child).ifPresent(d -> doors.add(then("writing " + name + " also writes its " + (rel != null && rel.kind() == 'p'
                    ? "partition " : "child table ") + graph.label(child), d)));
        }
        for (SchemaGraph.Trigger t : graph.triggersOn.getOrDefault(oid, List.of())) {
            SchemaGraph.Function f = graph.functions.get(t.function());
            if (f == null || escalatingOnly && !f.securityDefiner()) {
                continue;
            }
            ofFunction(f).ifPresent(d -> doors.add(then("trigger " + Identifiers.quote(t.name()) + " on " + name + " runs " + f.label(), d)));
        }
        for (SchemaGraph.Rule r : graph.rulesOn.getOrDefault(oid, List.of())) {
            for (long ref : r.references()) {
                String how = r.viewDefinition() ? "view " + name + " is defined over " + graph.label(ref)
                        : "rule " + Identifiers.quote(r.name()) + " on " + name + " writes or reads " + graph.label(ref);
                ofWriting(ref).ifPresent(d -> doors.add(then(how, d)));
            }
            if (!r.viewDefinition() && !escalatingOnly) {
                calls("rule " + Identifiers.quote(r.name()) + " on " + name, r.definition(), null).ifPresent(doors::add);
            }
        }
        for (SchemaGraph.Cascade k : graph.cascadesFrom.getOrDefault(oid, List.of())) {
            ofWriting(k.child()).ifPresent(d -> doors.add(then("changing " + name + " cascades to " + graph.label(k.child())
                    + " (foreign key " + Identifiers.quote(k.name()) + ", " + k.what() + ")", d)));
        }
        return best(doors);
    }

    /** Why calling {@code f} reaches a protected table or does something Caretaker cannot follow; empty when neither. */
    public Optional<Door> ofFunction(SchemaGraph.Function f) {
        Optional<Door> known = functionMemo.get(f.oid());
        if (known != null) {
            return known;
        }
        if (!visitingFunctions.add(f.oid())) {
            return Optional.empty();
        }
        Optional<Door> found = function(f);
        visitingFunctions.remove(f.oid());
        functionMemo.put(f.oid(), found);
        return found;
    }

    private Optional<Door> function(SchemaGraph.Function f) {
        if (!f.readable()) {
            if (f.volatileFunction() && !allows(f.name())) {
                return Optional.of(new Door(Door.Kind.OPAQUE, f.label() + " is a volatile function written in " + f.language()
                        + ", which Caretaker cannot read"));
            }
            return Optional.empty();
        }
        SqlText body;
        try {
            body = SqlText.parse(f.body());
        } catch (IllegalArgumentException e) {
            return Optional.of(new Door(Door.Kind.OPAQUE, "Caretaker cannot read the body of " + f.label() + ": " + e.getMessage()));
        }
        List<Door> doors = new ArrayList<>();
        List<SqlText.Token> t = body.tokens();
        for (int i = 0; i < t.size(); i++) {
            String kw = t.get(i).keyword();
            if (kw.equals("EXECUTE") && f.language().equals("plpgsql")) {
                doors.add(new Door(Door.Kind.OPAQUE, f.label() + " runs dynamic SQL (EXECUTE), which Caretaker cannot follow"));
            }
            if (WRITE_VERBS.contains(kw) && (i == 0 || !NOT_A_WRITE_BEFORE.contains(t.get(i - 1).keyword()))) {
                for (Written w : written(t, i)) {
                    for (SchemaGraph.Relation r : w.candidates(graph)) {
                        String verb = switch (kw) {
                            case "INSERT", "MERGE", "COPY" -> "writes into ";
                            case "DELETE" -> "deletes from ";
                            case "TRUNCATE" -> "truncates ";
                            default -> "updates ";
                        };
                        ofWriting(r.oid()).ifPresent(d -> doors.add(then(f.label() + " " + verb + r.label(), d)));
                    }
                }
            }
        }
        calls(f.label(), f.body(), f).ifPresent(doors::add);
        return best(doors);
    }

    /**
     * The calls in {@code text} ({@code name(}): a function of the database's own that leads somewhere, or a volatile one
     * outside {@link #ALLOWED_VOLATILE}.
     */
    public Optional<Door> calls(String who, String text, SchemaGraph.Function self) {
        SqlText sql;
        try {
            sql = SqlText.parse(text);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Door(Door.Kind.OPAQUE, "Caretaker cannot read " + who + ": " + e.getMessage()));
        }
        List<Door> doors = new ArrayList<>();
        for (Call call : calls(sql)) {
            List<SchemaGraph.Function> own = graph.functionsByName.getOrDefault(call.name(), List.of()).stream()
                    .filter(f -> call.schema() == null || f.schema().equals(call.schema())).filter(f -> self == null || f.oid() != self.oid())
                    .toList();
            for (SchemaGraph.Function g : own) {
                if (g.readable()) {
                    ofFunction(g).ifPresent(d -> doors.add(then(who + " calls " + g.label(), d)));
                } else if (g.volatileFunction() && !allows(g.name()) && !escalatingOnly) {
                    doors.add(new Door(Door.Kind.OPAQUE, who + " calls " + g.label() + ", a volatile function written in " + g.language()));
                }
            }
            if (own.isEmpty() && graph.volatileNames.contains(call.name()) && !allows(call.name()) && !escalatingOnly) {
                doors.add(new Door(Door.Kind.OPAQUE, who + " calls volatile function " + call.name() + "()"));
            }
        }
        return best(doors);
    }

    /** A function call in SQL text: {@code name(} or {@code schema.name(}. */
    public record Call(String schema, String name) {
    }

    public static List<Call> calls(SqlText sql) {
        List<Call> out = new ArrayList<>();
        List<SqlText.Token> t = sql.tokens();
        for (int i = 0; i + 1 < t.size(); i++) {
            String id = t.get(i).identifier();
            if (id.isEmpty() || !t.get(i + 1).text().equals("(")) {
                continue;
            }
            String schema = i >= 2 && t.get(i - 1).text().equals(".") && !t.get(i - 2).identifier().isEmpty() ? t.get(i - 2).identifier() : null;
            Call c = new Call(schema, id);
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** A relation named after a writing verb. */
    private record Written(String schema, String name) {
        List<SchemaGraph.Relation> candidates(SchemaGraph g) {
            return g.resolve(schema == null ? name : schema + "." + name).stream()
                    .filter(r -> r.name().equals(name)).toList();
        }
    }

    /** The relations written by the statement starting at {@code verb}: one name, or a list for TRUNCATE. */
    private static List<Written> written(List<SqlText.Token> t, int verb) {
        int i = verb + 1;
        String kw = t.get(verb).keyword();
        while (i < t.size() && Set.of("INTO", "FROM", "ONLY", "TABLE").contains(t.get(i).keyword())) {
            i++;
        }
        List<Written> out = new ArrayList<>();
        while (i < t.size()) {
            String first = t.get(i).identifier();
            if (first.isEmpty()) {
                break;
            }
            if (i + 2 < t.size() && t.get(i + 1).text().equals(".") && !t.get(i + 2).identifier().isEmpty()) {
                out.add(new Written(first, t.get(i + 2).identifier()));
                i += 3;
            } else {
                out.add(new Written(null, first));
                i++;
            }
            if (!kw.equals("TRUNCATE") || i >= t.size() || !t.get(i).text().equals(",")) {
                break;
            }
            i++;
            if (i < t.size() && t.get(i).keyword().equals("ONLY")) {
                i++;
            }
        }
        return out;
    }

    /**
     * What writing {@code oid} sets off at all — triggers, rules, cascades, partitions with triggers — whether or not it
     * leads anywhere dangerous: a dry run does not execute a statement that sets anything off.
     */
    public List<String> sideEffects(long oid) {
        List<String> out = new ArrayList<>();
        sideEffects(oid, out, new HashSet<>());
        return out;
    }

    private void sideEffects(long oid, List<String> out, Set<Long> seen) {
        if (!seen.add(oid)) {
            return;
        }
        String name = graph.label(oid);
        for (SchemaGraph.Trigger t : graph.triggersOn.getOrDefault(oid, List.of())) {
            out.add("trigger " + Identifiers.quote(t.name()) + " on " + name);
        }
        for (SchemaGraph.Rule r : graph.rulesOn.getOrDefault(oid, List.of())) {
            out.add(r.viewDefinition() ? "view " + name : "rule " + Identifiers.quote(r.name()) + " on " + name);
        }
        for (SchemaGraph.Cascade k : graph.cascadesFrom.getOrDefault(oid, List.of())) {
            out.add("foreign key " + Identifiers.quote(k.name()) + " (" + k.what() + ") from " + graph.label(k.child()));
        }
        for (long child : graph.children.getOrDefault(oid, List.of())) {
            sideEffects(child, out, seen);
        }
    }

    private static Door then(String step, Door d) {
        return new Door(d.kind(), step + "; " + d.why());
    }

    /** A door into a protected table before one Caretaker cannot see through. */
    private static Optional<Door> best(List<Door> doors) {
        return doors.stream().filter(d -> d.kind() == Door.Kind.PROTECTED).findFirst().or(() -> doors.stream().findFirst());
    }
}
