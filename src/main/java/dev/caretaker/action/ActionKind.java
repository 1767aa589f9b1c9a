package dev.caretaker.action;

import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.ActionType;
import dev.caretaker.guard.ActionGrants;
import java.sql.SQLException;
import java.util.Map;

/**
 * One kind of remediation (sql, http, vacuum …): how the config loader reads it ({@link ActionType}), the exact plan it
 * makes for an occasion, how it carries the plan out, and what its role needs on the database. Each kind is one class under
 * {@code kinds/}, listed in {@link ActionKinds}.
 */
public interface ActionKind extends ActionType {
    /** The exact plan for these values; the same action and values always give the same plan. */
    ActionPlan plan(ActionConfig action, Map<String, String> bindings);

    /**
     * Carries out the plan, or with {@code dryRun} shows what it would change; throws {@link ActionFailure} when it did not
     * (a database error counts as a failure worth retrying).
     */
    Execution execute(ActionConfig action, ActionPlan plan, ActionContext context, boolean dryRun) throws SQLException;

    /** What an action of this kind needs granted on its database ({@code caretaker roles sql}); nothing by default. */
    default void grants(ActionConfig action, ActionGrants grants) throws SQLException {
    }

    /** What an action did (or would do): rows changed, -1 when rows do not apply, and a line for people. */
    record Execution(long rows, String detail) {
    }
}
