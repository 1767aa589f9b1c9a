package dev.caretaker.engine;

import dev.caretaker.action.AuditEvent;
import dev.caretaker.action.AuditLog;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentTracker;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Who was paged when, in the audit log: each reminder ({@code reminded}) and escalation step ({@code escalated}) as a row
 * by caretaker, action {@code incident}, subject {@code #ID}, written in the transaction that writes the page and its messages.
 */
final class PageAudit {
    private PageAudit() {
    }

    static void append(Supplier<AuditLog> log, Handle h, List<IncidentChange> changes, Instant now) {
        List<IncidentChange> pages = changes.stream().filter(c -> c.page() != null && c.incident() != null).toList();
        if (pages.isEmpty()) {
            return;
        }
        AuditLog audit = log.get();
        for (IncidentChange c : pages) {
            AuditEvent event = c.page().type() == IncidentChange.Page.Type.STEP ? AuditEvent.ESCALATED : AuditEvent.REMINDED;
            audit.append(h, now, IncidentTracker.CARETAKER, event, "incident", "#" + c.incident().id(),
                    "[" + c.incident().priority() + "] " + c.incident().title() + ": " + c.detail());
        }
    }
}
