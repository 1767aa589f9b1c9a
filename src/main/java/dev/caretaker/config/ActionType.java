package dev.caretaker.config;

import java.util.List;

/**
 * What the config loader needs to know of one kind of action (sql, http, vacuum …): its own keys and how to read them,
 * and what its policy and trigger may be. The action package implements it, one class per kind, and adds how to plan
 * and run it; {@link Kinds} lists the kinds a loader accepts.
 */
public interface ActionType {
    String name();

    /** The keys of this kind besides the keys every action has. */
    List<String> keys();

    /** Whether {@code policy: auto} is allowed at all for this kind. */
    default boolean mayBeAuto() {
        return true;
    }

    /** The finding codes whose subject this kind acts on (vacuum: a bloated table); empty when it takes any trigger. */
    default List<String> actsOnSubjectsOf() {
        return List.of();
    }

    default boolean usesDatabase() {
        return true;
    }

    /** Whether running the triggering check again verifies it, unless the action says otherwise. */
    default boolean verifiesByDefault() {
        return true;
    }

    default long defaultMaxRows() {
        return ActionConfig.DEFAULT_MAX_ROWS;
    }

    /** Reads the kind's own keys; problems go to {@code s}. */
    ActionSettings read(Section s, Draft draft);

    /** The common part of the action being read, for the checks a kind makes of its own keys. */
    record Draft(String name, Policy policy, List<String> protectedTables) {
        public boolean auto() {
            return policy == Policy.AUTO;
        }

        /** Records a problem at {@code policy} for each protected table that {@code table} names, when the action is auto. */
        public void refuseProtected(Section s, String table) {
            if (!auto() || table == null) {
                return;
            }
            for (String p : protectedTables) {
                if (SqlText.parse(table).mentions(p)) {
                    s.problem("policy", "action '" + name + "' touches protected table " + p + ", so it cannot be auto; write policy: approval");
                }
            }
        }
    }
}
