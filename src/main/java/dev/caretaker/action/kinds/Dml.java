package dev.caretaker.action.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionFailure;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row-changing statement in a transaction: counted, rolled back for a dry run or when it changes more than
 * {@code max_rows}, committed otherwise. Values are bound as parameters, never spliced into the text.
 */
final class Dml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dml() {
    }

    static ActionKind.Execution run(ActionPlan plan, ActionContext context, boolean dryRun, boolean guard) throws SQLException {
        try (Connection c = context.databases().writable(plan.database())) {
            c.setAutoCommit(false);
            try {
                if (guard) {
                    guard(c, plan, context.protectedTables(plan.database()));
                }
                int rows;
                try (PreparedStatement ps = c.prepareStatement(plan.statement())) {
                    bind(ps, plan.parameters());
                    rows = ps.executeUpdate();
                }
                if (dryRun) {
                    c.rollback();
                    return new ActionKind.Execution(rows, "would change " + rows + " row(s); rolled back");
                }
                if (rows > plan.maxRows()) {
                    c.rollback();
                    throw new ActionFailure("it changed " + rows + " rows, more than max_rows " + plan.maxRows()
                            + "; rolled back, nothing changed", false);
                }
                c.commit();
                return new ActionKind.Execution(rows, "changed " + rows + " row(s)");
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * PostgreSQL's own parser and planner confirm what an auto statement is: one statement that modifies a table, touching
     * no protected table (EXPLAIN lists every relation it reads or writes).
     */
    private static void guard(Connection c, ActionPlan plan, List<String> protectedTables) throws SQLException {
        JsonNode root;
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (VERBOSE, FORMAT JSON) " + plan.statement())) {
            bind(ps, plan.parameters());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                root = JSON.readTree(rs.getString(1)).get(0).get("Plan");
            } catch (IOException e) {
                throw new SQLException("cannot read the plan of the statement: " + e.getMessage(), e);
            }
        }
        if (!"ModifyTable".equals(root.path("Node Type").asText())) {
            throw new ActionFailure("PostgreSQL plans this statement as " + root.path("Node Type").asText()
                    + ", not as an INSERT, UPDATE or DELETE; an auto action must be one", false);
        }
        List<String> touched = new ArrayList<>();
        relations(root, touched);
        for (String p : protectedTables) {
            String wanted = p.toLowerCase(Locale.ROOT);
            for (String t : touched) {
                if (t.equals(wanted) || t.endsWith("." + wanted)) {
                    throw new ActionFailure("the statement touches protected table " + t + "; an auto action never may", false);
                }
            }
        }
    }

    private static void relations(JsonNode node, List<String> out) {
        if (node.has("Relation Name")) {
            out.add((node.path("Schema").asText("") + "." + node.get("Relation Name").asText()).toLowerCase(Locale.ROOT));
        }
        for (JsonNode child : node.path("Plans")) {
            relations(child, out);
        }
    }

    static void bind(PreparedStatement ps, List<ActionPlan.Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i).value(), Types.OTHER); // typed by PostgreSQL from the statement, never spliced
        }
    }
}
