package dev.caretaker.check;

import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CheckType;
import dev.caretaker.guard.CheckGrants;
import java.sql.SQLException;

/**
 * One kind of check (postgres, http, jobs …): how the config loader reads it and what it measures ({@link CheckType}), the
 * check it makes, and what its role needs on the database it reads. Each kind is one class beside the check it makes, listed
 * in {@link CheckKinds}.
 */
public interface CheckKind extends CheckType {
    /** The check this config describes. */
    Check create(CheckConfig config);

    /** What the check needs granted on its database ({@code caretaker roles sql}); nothing by default. */
    default void grants(CheckConfig config, CheckGrants grants) throws SQLException {
    }
}
