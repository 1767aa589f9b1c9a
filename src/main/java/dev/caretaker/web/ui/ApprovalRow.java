package dev.caretaker.web.ui;

/**
 * One approval request in full: the plan exactly as it will run and its SHA-256, to compare with the request's message;
 * {@code canDecide} when the viewer is an approver, {@code own} when they requested it.
 */
public record ApprovalRow(long id, String state, String action, String subject, String requestedBy, String requestedAt, String expiresAt,
                          String plan, String sha256, String decidedBy, String reason, String result, boolean canDecide, boolean own) {
}
