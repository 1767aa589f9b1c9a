package dev.caretaker.web.ui;

import java.util.List;

/** The approval requests, pending first; {@code needsTwoFactors}: the viewer may not decide until they set up two factors. */
public record ApprovalsModel(Chrome chrome, List<ApprovalRow> rows, boolean needsTwoFactors) {
}
