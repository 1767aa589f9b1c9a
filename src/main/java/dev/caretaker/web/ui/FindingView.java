package dev.caretaker.web.ui;

import java.util.List;

/**
 * A finding as a page shows it: what, how bad and about what; its evidence as facts; the runbook for it (steps, or a link
 * when {@code runbookLink}), null without one; the configured action that would fix it, null without one; and its open
 * incident, null without one.
 */
public record FindingView(int number, String check, String code, String severity, String subject, String message, List<Fact> evidence,
                          String runbook, boolean runbookLink, Fix fix, IncidentLink incident) {
    /** One piece of evidence: its name and its value as text. */
    public record Fact(String name, String value) {
    }

    /**
     * The action configured for this finding: its name and kind, what its policy means ("runs by itself", "waits for an
     * approver", "forbidden: a person does it by hand"), and its latest request for this subject ("request #7 pending"), or null.
     */
    public record Fix(String action, String kind, String policy, String request, Long requestId) {
    }

    /** The finding's open incident: its number, priority and state. */
    public record IncidentLink(long id, String priority, String state) {
    }

    /** The badge's colour class: info findings are not a problem, so they look like ok. */
    public String badge() {
        return "info".equals(severity) ? "ok" : severity;
    }

    /** The finding's anchor on its check's page. */
    public String anchor() {
        return "finding-" + number;
    }
}
