package dev.caretaker.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.config.SqlText;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges an operator's query (a {@code sql} check's, an errors check's {@code total.query}) before it runs, with the analysis
 * an automatic action gets, stricter: it writes nothing. It is refused when it is not one query, when it calls a volatile
 * function outside {@link Reach#QUERY_VOLATILE} (dblink's among them: they open sessions of their own, which no read-only
 * transaction of ours binds), when a function it calls writes a table or does what Caretaker cannot follow, or when
 * PostgreSQL plans it with a write. The role's privileges and the read-only transaction the query runs in stay behind it.
 */
public final class QueryGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> QUERIES = Set.of("SELECT", "WITH", "VALUES", "TABLE");

    private QueryGuard() {
    }

    /** Why {@code query} must not run as a check's query on {@code c}; empty when it may. Reads the catalog and plans it, runs nothing. */
    public static List<String> refusals(Connection c, String query) throws SQLException {
        SqlText text;
        try {
            text = SqlText.parse(query);
        } catch (IllegalArgumentException e) {
            return List.of("Caretaker cannot read it: " + e.getMessage());
        }
        String verb = text.firstKeyword();
        if (!QUERIES.contains(verb)) {
            return List.of("it is " + (verb.isEmpty() ? "no statement" : verb + " …") + ", not a query");
        }
        SchemaGraph graph = SchemaGraph.load(c);
        Reach reach = Reach.readOnly(graph);
        Set<String> refusals = new LinkedHashSet<>();
        judgeCalls(graph, reach, text, refusals);
        if (!refusals.isEmpty()) {
            return List.copyOf(refusals); // not planned: planning may evaluate a function it calls
        }
        JsonNode root;
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (VERBOSE, FORMAT JSON) " + query); ResultSet rs = ps.executeQuery()) {
            rs.next();
            root = JSON.readTree(rs.getString(1)).get(0).get("Plan");
        } catch (IOException e) {
            throw new SQLException("cannot read the plan of the query: " + e.getMessage(), e);
        }
        List<JsonNode> nodes = new ArrayList<>();
        StatementGuard.collect(root, nodes);
        for (JsonNode n : nodes) {
            if ("ModifyTable".equals(n.path("Node Type").asText())) {
                refusals.add("PostgreSQL plans a write in it (" + n.path("Operation").asText("a change") + " of "
                        + n.path("Relation Name").asText("a table") + ")");
            }
        }
        // calls the planner added: view expressions, expanded functions
        for (String fragment : StatementGuard.texts(root)) {
            try {
                judgeCalls(graph, reach, SqlText.parse(fragment), refusals);
            } catch (IllegalArgumentException e) {
                // a fragment of the plan the lexer cannot read holds no call it could judge
            }
        }
        return List.copyOf(refusals);
    }

    private static void judgeCalls(SchemaGraph graph, Reach reach, SqlText text, Set<String> refusals) {
        for (Reach.Call call : Reach.calls(text)) {
            StatementGuard.judgeCall(graph, reach, call).refusal().ifPresent(refusals::add);
        }
    }
}
