package dev.caretaker.action;

import dev.caretaker.config.Policy;
import dev.caretaker.config.Priority;
import java.util.Locale;

/**
 * What became of one action in a run: {@code rows} is the number of rows changed (or that would change, for a dry run),
 * -1 when rows do not apply; {@code approval} the id of the approval request, 0 when none.
 */
public record ActionOutcome(String action, String type, Policy policy, String subject, String check, Long incidentId, Priority priority,
                            Result result, long rows, int attempts, String detail, long approval) {

    /** The ways an action can end. */
    public enum Result {
        VERIFIED, SUCCEEDED, FAILED, ESCALATED, DRY_RUN, PENDING_APPROVAL, REFUSED, RATE_LIMITED, ALREADY_HANDLED,
        /** An attempt left running by a process that died: reported, escalated, never retried blindly. */
        INTERRUPTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the action did not do what it was for. */
        public boolean bad() {
            return this == FAILED || this == ESCALATED || this == REFUSED || this == RATE_LIMITED || this == INTERRUPTED;
        }
    }

    /** A line for reports: {@code vacuum-bloated-tables (vacuum, auto) sync_runs: verified — …}. */
    public String line() {
        return action + " (" + type + ", " + policy.label() + ") " + subject + ": " + result.label().replace('_', ' ')
                + (rows >= 0 ? ", " + rows + " row(s)" : "") + (attempts > 1 ? ", " + attempts + " attempts" : "")
                + (approval > 0 ? ", approval #" + approval : "") + (detail == null || detail.isEmpty() ? "" : " — " + detail);
    }
}
