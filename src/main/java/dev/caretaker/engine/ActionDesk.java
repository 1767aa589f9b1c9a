package dev.caretaker.engine;

import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.Approvals;
import dev.caretaker.action.AuditLog;
import dev.caretaker.action.Remediation;
import dev.caretaker.check.MonitoredDatabases;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.Suggestions;
import dev.caretaker.notify.Outbox;
import dev.caretaker.store.Note;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What people do with actions: run one by hand through its policy, list, approve and reject requests, read and verify the audit log. */
public final class ActionDesk {
    private final Engine engine;

    ActionDesk(Engine engine) {
        this.engine = engine;
    }

    private <T> T withRemediation(boolean dryRun, Function<Remediation, T> work) {
        try (MonitoredDatabases dbs = engine.databases()) {
            return work.apply(engine.remediation(dbs, dryRun));
        }
    }

    public ActionConfig action(String name) {
        ActionConfig a = engine.config().actions().get(name);
        if (a == null) {
            throw new IllegalArgumentException("no action '" + name + "' in " + engine.config().file()
                    + Suggestions.didYouMean(name, engine.config().actions().keySet())
                    + (engine.config().actions().isEmpty() ? "; the file defines no actions" : "; actions: "
                    + String.join(", ", engine.config().actions().keySet())));
        }
        return a;
    }

    /** Runs one action now for a subject, through its policy; null when there was nothing to do. */
    public ActionOutcome runByHand(String name, String subject, Map<String, String> values, String by, boolean dryRun) {
        ActionConfig a = action(name);
        ActionOutcome o = withRemediation(dryRun, r -> r.runByHand(a, subject, values, by));
        if (o != null) {
            notifyOf(List.of(o));
        }
        return o;
    }

    public List<Approvals.Approval> approvals(boolean pendingOnly, int limit) {
        return approvals().list(pendingOnly, limit);
    }

    /** A page of requests, newest first, below id {@code before} (null: from the newest). */
    public List<Approvals.Approval> approvals(boolean pendingOnly, Long before, int limit) {
        return approvals().list(pendingOnly, before, limit);
    }

    /** The request of this id, when it is this system's; otherwise {@link java.util.NoSuchElementException}. */
    public Approvals.Approval approval(long id) {
        return approvals().get(id).orElseThrow(() -> new java.util.NoSuchElementException("no approval request #" + id + " of "
                + engine.config().system()));
    }

    /** How many requests wait for a decision. */
    public int pendingApprovals() {
        return approvals().pendingCount();
    }

    private Approvals approvals() {
        return new Approvals(engine.store().jdbi(), engine.config().system(), engine.key());
    }

    /** Approves and runs at once exactly what the request showed; throws with the reason when refused. */
    public ActionOutcome approve(long id, String by) {
        ActionOutcome o = withRemediation(false, r -> r.approve(id, by));
        notifyOf(List.of(o));
        return o;
    }

    public void reject(long id, String by, String reason) {
        withRemediation(false, r -> {
            r.reject(id, by, Note.cut(reason));
            return null;
        });
    }

    public List<AuditLog.Entry> audit(int limit) {
        return auditLog().list(limit);
    }

    public AuditLog.Verification verifyAudit(String head) {
        return auditLog().verify(head);
    }

    /** This system's audit log, signed with the engine's key and scrubbed of its secrets. */
    public AuditLog auditLog() {
        AuditLog log = new AuditLog(engine.store().jdbi(), engine.config().system(), engine.config().secrets(), engine.key());
        return engine.typedNames() ? log.typedNames(engine::userNames) : log;
    }

    private void notifyOf(List<ActionOutcome> outcomes) {
        if (!engine.config().notifications().active()) {
            return;
        }
        List<Outbox.Queued> queued = engine.store().jdbi().inTransaction(h ->
                engine.messages().enqueueActions(h, outcomes, engine.clock().instant()));
        if (!queued.isEmpty()) {
            engine.delivery().deliver(engine.config().notifications().deliveryWait(), false);
        }
    }
}
