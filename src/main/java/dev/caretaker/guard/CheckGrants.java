package dev.caretaker.guard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What one check needs its role to be granted on a database, as the check's kind tells {@code caretaker roles sql}: the
 * script resolves each name against the catalog, grants the checks role what exists and notes what does not.
 */
public interface CheckGrants {
    /** A session on the database, to find what the config leaves open (the tables an integrity check discovers). */
    Connection connection();

    /** SELECT on the table or view {@code name}; when there is none, the script says nothing was granted. */
    void select(String name) throws SQLException;

    /** SELECT on {@code name} if it is a table or view, else nothing: for names picked out of a query (columns, aliases). */
    void selectIfExists(String name) throws SQLException;

    /** {@code pg_monitor}, and SELECT on every sequence: activity, statistics, settings and sizes. */
    void monitor();

    /** {@code CREATEDB}: a restore test creates and drops a throwaway database. */
    void createDatabases();
}
