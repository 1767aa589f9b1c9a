package dev.caretaker.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * What the config loader needs to know of one kind of check (postgres, http, jobs …): its own keys and how to read them,
 * and the measurements its checks record. The check package implements it, one class per kind beside the check it makes,
 * and adds how to make the check and what its role needs; {@link Kinds} lists the kinds a loader accepts.
 */
public interface CheckType {
    String name();

    /** The keys of this kind besides the keys every check has ({@link #COMMON_KEYS}). */
    List<String> keys();

    /** Whether {@code every} is this kind's own key (a heartbeat: how often its job pings), not how often Caretaker runs it. */
    default boolean ownsEvery() {
        return false;
    }

    /** Reads the kind's own keys into its config; problems go to {@code s}. */
    CheckConfig read(Section s, Draft draft);

    /** The measurements every check of this kind records, with their labels and units: what a rule's {@code when} may name. */
    List<Metrics.Metric> metrics();

    /** The measurements this check records; a kind whose names depend on the check (sql) says so here. */
    default List<Metrics.Metric> metrics(CheckConfig check) {
        return metrics();
    }

    /**
     * The other places this kind reads its data from, chosen with {@code source:} (e.g. jobs from GitHub Actions); none by
     * default. Without {@code source:}, or with {@link #DEFAULT_SOURCE}, the kind reads its own keys.
     */
    default List<? extends SourceType> sources() {
        return List.of();
    }

    /**
     * Whether this kind reads data of its own without a {@code source:} (its {@link #DEFAULT_SOURCE}, the app's table); a kind
     * that only reads through its sources (email delivery: a table does not know what the receiving servers answered) says
     * false, and {@code source: table} is then an unknown source, left out of the sources an error lists.
     */
    default boolean readsOwnKeys() {
        return true;
    }

    /** The {@code source:} of a kind's own keys: the app's own table. */
    String DEFAULT_SOURCE = "table";

    /** The name of this kind's own keys as a {@code source:} ({@link #DEFAULT_SOURCE} unless it reads something else, e.g. a folder). */
    default String ownSource() {
        return DEFAULT_SOURCE;
    }

    /** The keys every check has, read once for all kinds. */
    List<String> COMMON_KEYS = List.of("type", "description", "depends_on", "upstream", "every", "runbook", "ignore");

    /** The common part of the check being read, and what its own keys are checked against. */
    record Draft(String name, String description, ZoneId timezone, Set<String> databases) {
        /** The required {@code database}, which 'databases' must define; null when it is missing. */
        public String database(Section s) {
            String db = s.required("database").orElse(null);
            if (db != null) {
                knownDatabase(s, "database", db);
            }
            return db;
        }

        /** Records a problem at {@code key} when {@code db} is not one of the config's databases. */
        public void knownDatabase(Section s, String key, String db) {
            if (!databases.contains(db)) {
                s.problem(key, "'" + s.keyPath(key) + "' names database '" + db + "', which 'databases' does not define"
                        + Suggestions.didYouMean(db, databases)
                        + (databases.isEmpty() ? "; add it under 'databases'" : "; defined: " + String.join(", ", databases)));
            }
        }
    }
}
