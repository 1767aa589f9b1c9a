package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionSettings;
import dev.caretaker.config.Section;
import dev.caretaker.guard.ActionGrants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** {@code type: reindex}: REINDEX INDEX CONCURRENTLY of an index a failed concurrent build left invalid. Never auto. */
public final class Reindex implements ActionKind {
    @Override
    public String name() {
        return "reindex";
    }

    @Override
    public List<String> keys() {
        return List.of("database");
    }

    @Override
    public boolean mayBeAuto() {
        return false;
    }

    @Override
    public List<String> actsOnSubjectsOf() {
        return List.of("postgres.invalid_index");
    }

    @Override
    public ActionSettings read(Section s, Draft draft) {
        return ActionSettings.NONE;
    }

    @Override
    public ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        String subject = Bindings.subject(bindings);
        return new ActionPlan(a.name(), name(), a.database(), subject, "REINDEX INDEX CONCURRENTLY " + subject, List.of(), Map.of(),
                a.guardrails().maxRows());
    }

    @Override
    public Execution execute(ActionConfig a, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException {
        try (Connection c = context.databases().writable(plan.database()); Statement st = c.createStatement()) {
            String index = Relations.resolve(c, "i", plan.subject(), "index");
            boolean valid;
            try (PreparedStatement ps = c.prepareStatement("SELECT indisvalid FROM pg_index WHERE indexrelid = ?::regclass")) {
                ps.setString(1, index);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    valid = rs.getBoolean(1);
                }
            }
            if (valid) {
                return new Execution(-1, index + " is valid already; nothing to do");
            }
            if (dryRun) {
                return new Execution(-1, "would run REINDEX INDEX CONCURRENTLY " + index);
            }
            st.execute("SET statement_timeout = 0"); // a concurrent rebuild stopped half-way leaves another invalid index
            st.execute("REINDEX INDEX CONCURRENTLY " + index);
            return new Execution(-1, "REINDEX INDEX CONCURRENTLY " + index + ": the index is valid again");
        }
    }

    @Override
    public void grants(ActionConfig a, ActionGrants grants) {
        grants.maintain();
    }
}
