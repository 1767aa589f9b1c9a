package dev.caretaker.web.ui;

import java.util.List;

/** The approval requests, pending first. */
public record ApprovalsModel(Chrome chrome, List<ApprovalRow> rows) {
}
