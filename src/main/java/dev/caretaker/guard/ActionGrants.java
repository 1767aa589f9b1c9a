package dev.caretaker.guard;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What one action needs its role to be granted on a database, as the action's kind tells {@code caretaker roles sql}: the
 * script grants the actions role what is asked, unless the write would reach a protected table, and prints the notes.
 */
public interface ActionGrants {
    /** The action as the script names it beside its grants and notes, e.g. {@code action purge (retention, approval)}. */
    String why();

    /** The actions role. */
    String role();

    /** The quoted, schema-qualified name the database gives the table or view {@code name}, if there is one. */
    Optional<String> resolve(String name) throws SQLException;

    /** {@code privileges} (e.g. {@code SELECT, DELETE}) on a relation {@link #resolve} found. */
    void grant(String privileges, String relation);

    /** MAINTAIN (VACUUM, ANALYZE, REINDEX) on every table but the protected ones; before PostgreSQL 17 a note says why not. */
    void maintain();

    /** A line for the operator at the head of the script: what cannot be granted, and what to do instead. */
    void note(String text);
}
