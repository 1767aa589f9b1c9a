package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionFailure;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.guard.StatementGuard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * One row-changing statement in a transaction: counted, rolled back for a dry run or when it changes more than
 * {@code max_rows}, committed otherwise. Values are bound as parameters, never spliced into the text.
 */
final class Dml {
    private Dml() {
    }

    /**
     * Runs the plan's statement. With {@code guard} (an automatic action) it is examined first and refused when it is not one
     * INSERT, UPDATE or DELETE, or reaches a protected table, or calls what Caretaker cannot see through; a dry run executes
     * (and rolls back) only a statement that sets nothing off, and otherwise shows PostgreSQL's plan and row estimate.
     */
    static ActionKind.Execution run(ActionPlan plan, ActionContext context, boolean dryRun, boolean guard) throws SQLException {
        try (Connection c = context.databases().writable(plan.database())) {
            if (guard || dryRun) {
                StatementGuard.Verdict v = StatementGuard.examine(c, plan.statement(), ps -> bind(ps, plan.parameters()),
                        context.protectedTables(plan.database()));
                if (guard && !v.mayRunUnattended()) {
                    throw ActionFailure.refused("refused: " + String.join("; and ", v.refusals()));
                }
                if (dryRun && !v.mayRehearse()) {
                    return new ActionKind.Execution(v.estimatedRows(), "not executed, because " + v.whyNotRehearsed() + (v.plannable()
                            ? "; PostgreSQL's plan (EXPLAIN, not run): " + String.join(" / ", StatementGuard.explain(c, plan.statement(),
                            ps -> bind(ps, plan.parameters()))) + "; the planner estimates " + Math.max(0, v.estimatedRows()) + " row(s)"
                            : "; not planned either: " + v.notPlanned()));
                }
            }
            c.setAutoCommit(false);
            try {
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

    static void bind(PreparedStatement ps, List<ActionPlan.Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i).value(), Types.OTHER); // typed by PostgreSQL from the statement, never spliced
        }
    }
}
