package dev.caretaker.action.kinds;

import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionKind;
import dev.caretaker.action.ActionPlan;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionSettings;
import dev.caretaker.config.Policy;
import dev.caretaker.config.Section;
import dev.caretaker.config.SqlText;
import dev.caretaker.guard.ActionGrants;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: sql}: one statement with {@code :name} values bound from the occasion. Auto only for a single INSERT,
 * UPDATE or DELETE that names no protected table; PostgreSQL's planner confirms it again before it runs.
 */
public final class SqlAction implements ActionKind {
    static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE");

    /** The statement as written. */
    public record Settings(String sql) implements ActionSettings {
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "sql", "max_rows");
    }

    @Override
    public ActionSettings read(Section s, Draft draft) {
        String sql = s.required("sql").orElse(null);
        if (sql == null) {
            return new Settings("");
        }
        SqlText text;
        try {
            text = SqlText.parse(sql);
        } catch (IllegalArgumentException e) {
            s.problem("sql", "the sql of action '" + draft.name() + "' cannot be read: " + e.getMessage());
            return new Settings(sql);
        }
        if (text.statementCount() != 1) {
            s.problem("sql", "the sql of action '" + draft.name() + "' holds " + text.statementCount() + " statements; an action runs exactly one");
        } else if (draft.auto()) {
            String verb = text.firstKeyword();
            if (!DML.contains(verb)) {
                s.problem("policy", "action '" + draft.name() + "' runs " + (verb.isEmpty() ? "no statement" : verb + " …")
                        + ", which cannot be auto: an auto sql action is a single INSERT, UPDATE or DELETE (schema changes, GRANT, "
                        + "REVOKE, ALTER ROLE and policies always need a human); write policy: approval");
            } else {
                for (String table : draft.protectedTables()) {
                    if (text.mentions(table)) {
                        s.problem("policy", "action '" + draft.name() + "' touches protected table " + table
                                + ", so it cannot be auto; write policy: approval");
                    }
                }
            }
        }
        return new Settings(sql);
    }

    @Override
    public ActionPlan plan(ActionConfig a, Map<String, String> bindings) {
        SqlText text = SqlText.parse(((Settings) a.settings()).sql());
        List<ActionPlan.Param> params = new ArrayList<>();
        for (String name : text.parameters()) {
            params.add(new ActionPlan.Param(name, Bindings.value(a, bindings, name)));
        }
        return new ActionPlan(a.name(), name(), a.database(), Bindings.subject(bindings), text.jdbc(), params, Map.of(),
                a.guardrails().maxRows());
    }

    @Override
    public Execution execute(ActionConfig a, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException {
        return Dml.run(plan, context, dryRun, a.policy() == Policy.AUTO);
    }

    /** The verb on its target, SELECT on what else it names; a statement with no table to grant on runs only by hand. */
    @Override
    public void grants(ActionConfig a, ActionGrants grants) throws SQLException {
        String sql = ((Settings) a.settings()).sql();
        SqlText text = SqlText.parse(sql);
        String verb = text.firstKeyword();
        Optional<String> target = text.target().isPresent() ? grants.resolve(text.target().get()) : Optional.empty();
        if (target.isEmpty()) {
            grants.note(grants.why() + " runs " + (verb.isEmpty() ? "nothing" : verb + " …") + ", which no grant allows (only an owner "
                    + "may); it fails under this role: run it by hand");
            return;
        }
        grants.grant("SELECT, " + verb, target.get());
        for (String name : SqlText.relationNames(sql)) {
            Optional<String> rel = grants.resolve(name);
            if (rel.isPresent() && !rel.equals(target)) {
                grants.grant("SELECT", rel.get());
            }
        }
    }
}
