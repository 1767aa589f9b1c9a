package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionSettings;
import dev.caretaker.config.Section;
import dev.caretaker.guard.ActionGrants;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** {@code type: vacuum}: VACUUM (ANALYZE) of the table a bloat or overdue-vacuum finding names. */
public final class Vacuum implements ActionKind {
    @Override
    public String name() {
        return "vacuum";
    }

    @Override
    public List<String> keys() {
        return List.of("database");
    }

    @Override
    public List<String> actsOnSubjectsOf() {
        return List.of("postgres.table_bloat", "postgres.vacuum_overdue");
    }

    @Override
    public ActionSettings read(Section s, Draft draft) {
        return ActionSettings.NONE;
    }

    @Override
    public ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        String subject = Bindings.subject(bindings);
        return new ActionPlan(a.name(), name(), a.database(), subject, "VACUUM (ANALYZE) " + subject, List.of(), Map.of(), a.guardrails().maxRows());
    }

    @Override
    public Execution execute(ActionConfig a, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException {
        try (Connection c = context.databases().writable(plan.database()); Statement st = c.createStatement()) {
            String table = Relations.resolve(c, "r', 'm", plan.subject(), "table");
            long before = Relations.deadTuples(c, table);
            if (dryRun) {
                return new Execution(-1, "would run VACUUM (ANALYZE) " + table + " (" + before + " dead tuples)");
            }
            st.execute("SET statement_timeout = 0"); // a vacuum stopped half-way has done nothing useful
            st.clearWarnings();
            st.execute("VACUUM (ANALYZE) " + table);
            for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                if (w.getMessage() != null && w.getMessage().contains("skipping")) {
                    // PostgreSQL skips, with a warning only, a table the role may not vacuum
                    throw new dev.caretaker.action.ActionFailure("VACUUM skipped " + table + ": " + w.getMessage().strip()
                            + " (before PostgreSQL 17 only a table's owner may vacuum it; from 17, GRANT MAINTAIN ON " + table
                            + " TO the actions role)", false);
                }
            }
            return new Execution(-1, "VACUUM (ANALYZE) " + table + ": dead tuples " + before + " → " + Relations.deadTuples(c, table));
        }
    }

    @Override
    public void grants(ActionConfig a, ActionGrants grants) {
        grants.maintain();
    }
}
