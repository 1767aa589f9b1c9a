package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionSettings;
import dev.caretaker.config.Section;
import dev.caretaker.guard.ActionGrants;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code type: mark_integration}: the status column of an integrations table set (e.g. to ERROR) for the subject. */
public final class MarkIntegration implements ActionKind {
    public static final String DEFAULT_TABLE = "integrations";
    public static final String DEFAULT_NAME_COLUMN = "name";
    public static final String DEFAULT_STATUS_COLUMN = "status";
    public static final String DEFAULT_STATUS = "ERROR";

    /** Which table and columns, and the status to set. */
    public record Settings(String table, String nameColumn, String statusColumn, String status) implements ActionSettings {
    }

    @Override
    public String name() {
        return "mark_integration";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "table", "name_column", "status_column", "status", "max_rows");
    }

    @Override
    public boolean verifiesByDefault() {
        return false;
    }

    @Override
    public ActionSettings read(Section s, Draft draft) {
        Settings settings = new Settings(s.identifier("table", DEFAULT_TABLE), s.identifier("name_column", DEFAULT_NAME_COLUMN),
                s.identifier("status_column", DEFAULT_STATUS_COLUMN), s.string("status", DEFAULT_STATUS));
        draft.refuseProtected(s, settings.table());
        return settings;
    }

    @Override
    public ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        Settings i = (Settings) a.settings();
        String statement = "UPDATE " + i.table() + " SET " + i.statusColumn() + " = ? WHERE " + i.nameColumn() + " = ? AND "
                + i.statusColumn() + " IS DISTINCT FROM ?";
        String subject = Bindings.subject(bindings);
        return new ActionPlan(a.name(), name(), a.database(), subject, statement, List.of(new ActionPlan.Param("status", i.status()),
                new ActionPlan.Param("subject", subject), new ActionPlan.Param("status", i.status())), Map.of(), a.guardrails().maxRows());
    }

    @Override
    public Execution execute(ActionConfig a, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException {
        return Dml.run(plan, context, dryRun, a.policy() == dev.caretaker.config.Policy.AUTO);
    }

    @Override
    public void grants(ActionConfig a, ActionGrants grants) throws SQLException {
        grants.resolve(((Settings) a.settings()).table()).ifPresentOrElse(t -> grants.grant("SELECT, UPDATE", t),
                () -> grants.note(grants.why() + " names a table that does not exist"));
    }
}
