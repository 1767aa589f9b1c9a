package dev.caretaker.action;

/**
 * What became of one action in a run: {@code result} is one of the constants below; {@code rows} is the number of
 * rows changed (or that would change, for a dry run), -1 when rows do not apply; {@code approval} the id of the
 * approval request, 0 when none.
 */
public record ActionOutcome(String action, String type, String policy, String subject, String check, Long incidentId, String priority,
                            String result,
                            long rows, int attempts, String detail, long approval) {
    public static final String VERIFIED = "verified";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String ESCALATED = "escalated";
    public static final String DRY_RUN = "dry_run";
    public static final String PENDING_APPROVAL = "pending_approval";
    public static final String REFUSED = "refused";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String ALREADY_HANDLED = "already_handled";

    /** A line for reports: {@code vacuum-bloated-tables (vacuum, auto) sync_runs: verified — …}. */
    public String line() {
        return action + " (" + type + ", " + policy + ") " + subject + ": " + result.replace('_', ' ')
                + (rows >= 0 ? ", " + rows + " row(s)" : "") + (attempts > 1 ? ", " + attempts + " attempts" : "")
                + (approval > 0 ? ", approval #" + approval : "") + (detail == null || detail.isEmpty() ? "" : " — " + detail);
    }
}
