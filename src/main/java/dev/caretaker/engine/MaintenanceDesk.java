package dev.caretaker.engine;

import dev.caretaker.action.AuditEvent;
import dev.caretaker.config.MaintenanceWindow;
import dev.caretaker.incident.Silences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Maintenance windows: the config's and those set at run time. Setting and ending one is audited under the name of who did
 * it.
 */
public final class MaintenanceDesk {
    private final Engine engine;
    private final Silences silences;

    MaintenanceDesk(Engine engine) {
        this.engine = engine;
        this.silences = new Silences(engine.store().jdbi());
    }

    private String system() {
        return engine.config().system();
    }

    /** The windows set at run time that have not ended. */
    public List<Silences.Silence> current() {
        return silences.current(system(), engine.clock().instant());
    }

    /** Every window that mutes now or later: the config's and the current ones set at run time. */
    public List<MaintenanceWindow> windows() {
        List<MaintenanceWindow> out = new ArrayList<>(engine.config().maintenance());
        current().forEach(s -> out.add(s.window()));
        return out;
    }

    /** Sets a window over {@code checks} (all when empty), audited as {@code by}. */
    public Silences.Silence set(List<String> checks, Instant starts, Instant ends, String reason, String by) {
        Instant now = engine.clock().instant();
        Silences.Silence s = silences.create(system(), checks, starts, ends, reason == null ? null : dev.caretaker.store.Note.cut(reason), by, now);
        engine.actions().auditLog().append(now, by, AuditEvent.MAINTENANCE_SET, "maintenance", "#" + s.id(), describe(s));
        return s;
    }

    /** What ending window {@code id} did: the window, and whether it was still open. */
    public record Ended(Silences.Silence window, boolean changed) {
    }

    /** Ends window {@code id} now, audited as {@code by}; a window already over is left as it is. */
    public Ended end(long id, String by) {
        Instant now = engine.clock().instant();
        boolean ended = silences.end(system(), id, by, now);
        if (ended) {
            engine.actions().auditLog().append(now, by, AuditEvent.MAINTENANCE_ENDED, "maintenance", "#" + id, "ended early");
        }
        return new Ended(silences.get(system(), id).orElseThrow(() -> new NoSuchElementException("no maintenance window #" + id + " of "
                + system())), ended);
    }

    private static String describe(Silences.Silence s) {
        return (s.checks().isEmpty() ? "all checks" : String.join(", ", s.checks())) + " from " + s.startsAt() + " to " + s.endsAt()
                + (s.reason().isEmpty() ? "" : ": " + s.reason());
    }
}
