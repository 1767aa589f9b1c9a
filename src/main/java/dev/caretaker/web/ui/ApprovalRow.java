package dev.caretaker.web.ui;

/**
 * One approval request in full: the plan exactly as it will run and its SHA-256 (the form sends it back, so what runs is
 * what the person saw); {@code canDecide} when the viewer is an approver, {@code own} when they requested it.
 */
public record ApprovalRow(long id, String state, String action, String subject, String requestedBy, String requestedAt, String expiresAt,
                          String plan, String sha256, String decidedBy, String reason, String result, boolean canDecide, boolean own) {
}
