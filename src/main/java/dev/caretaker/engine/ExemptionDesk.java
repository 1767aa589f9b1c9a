package dev.caretaker.engine;

import dev.caretaker.action.AuditEvent;
import dev.caretaker.incident.Exemptions;
import dev.caretaker.incident.Exemptions.Exemption;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.report.Times;
import dev.caretaker.store.Note;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Exemptions: a person says the finding behind an incident may be ignored, with a reason and maybe an end. The incident
 * resolves as ignored, and no incident opens for its check, code and subject while the exemption holds; once it runs out or is
 * removed, the next run judges the finding again. Setting and removing one is kept in the store and in the signed audit log
 * under the name of who did it.
 */
public final class ExemptionDesk {
    /** The most exemptions a list shows. */
    public static final int LIST_LIMIT = 500;

    private final Engine engine;
    private final Exemptions exemptions;
    private final IncidentRepository incidents;

    ExemptionDesk(Engine engine) {
        this.engine = engine;
        this.exemptions = new Exemptions(engine.store().jdbi());
        this.incidents = new IncidentRepository(engine.store().jdbi());
    }

    private String system() {
        return engine.config().system();
    }

    private java.time.ZoneId zone() {
        return engine.config().timezone();
    }

    /**
     * Ignoring an incident whose finding an exemption already ignores: refused, so exemptions never stack; {@code exemption} is
     * the one in force, which must be removed first to change its reason or end.
     */
    public static final class AlreadyIgnored extends IllegalStateException {
        private final transient Exemption exemption;

        AlreadyIgnored(long incident, Exemption exemption, java.time.ZoneId zone) {
            super("incident #" + incident + " is already ignored under exemption #" + exemption.id() + " (" + until(exemption, zone) + ", set by "
                    + exemption.createdBy() + ": " + exemption.reason() + "); nothing changed. To change its reason or end, remove exemption #"
                    + exemption.id() + " first");
            this.exemption = exemption;
        }

        public Exemption exemption() {
            return exemption;
        }
    }

    /** What ignoring an incident did: the exemption, and the incident after it (resolved as ignored). */
    public record Ignoring(Exemption exemption, Incident incident, boolean resolved) {
    }

    /** Ignores the finding of incident {@code id} until {@code until} (null: until removed), as {@code by}, because {@code reason}. */
    public Ignoring ignore(long id, String reason, Instant until, String by) {
        String why = Note.cut(reason == null ? null : reason.strip());
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("say why incident #" + id + " may be ignored (--reason TEXT): the next person reads it");
        }
        Instant now = engine.clock().instant();
        boolean notify = engine.config().notifications().active();
        Ignoring done = incidents.inTransaction(h -> {
            incidents.lock(h, system());
            Incident i = incidents.get(h, id).filter(x -> x.system().equals(system()))
                    .orElseThrow(() -> new NoSuchElementException(IncidentTracker.notFound(incidents.get(h, id), system(), id)));
            if (dev.caretaker.check.Finding.UNAVAILABLE.contains(i.source())) {
                throw new IllegalArgumentException("incident #" + id + " is an outage (" + i.source() + "), which cannot be ignored: while the "
                        + "target is down nothing else of it can be judged; set a maintenance window for planned downtime instead");
            }
            java.util.Optional<Exemption> held = Exemptions.current(h, system(), now).stream()
                    .filter(x -> x.covers(i.check(), i.source(), i.subject())).findFirst();
            if (held.isPresent()) {
                throw new AlreadyIgnored(id, held.get(), zone());
            }
            if (until != null && !until.isAfter(now)) {
                throw new IllegalArgumentException("an exemption that ended before now (" + Times.human(until, zone()) + ") would ignore "
                        + "nothing; give a later --until");
            }
            Exemption e = exemptions.create(h, system(), i.check(), i.source(), i.subject(), why, until, i.id(), by, now);
            String detail = "ignored by " + by + ": " + why + " (exemption #" + e.id() + ", " + until(e, zone()) + ")";
            if (!i.active()) {
                incidents.event(h, id, now, "ignored", null, by, detail);
                return new Ignoring(e, i, false);
            }
            Incident resolved = incidents.update(h, i.resolve(now, by));
            incidents.event(h, id, now, "ignored", null, by, "resolved as ignored: " + why + " (exemption #" + e.id() + ", " + until(e, zone()) + ")");
            if (notify) {
                engine.messages().enqueueIncidents(h, List.of(new IncidentChange(IncidentChange.Kind.RESOLVED, resolved, detail)), now);
            }
            return new Ignoring(e, resolved, true);
        });
        engine.actions().auditLog().append(now, by, AuditEvent.EXEMPTION_SET, "exemption", "#" + done.exemption().id(),
                describe(done.exemption()));
        if (done.resolved() && notify) {
            engine.delivery().deliver(engine.config().notifications().deliveryWait(), false);
        }
        return done;
    }

    /** The exemptions that ignore findings now; with {@code all}, removed and run-out ones too. Newest first. */
    public List<Exemption> list(boolean all) {
        return exemptions.list(system(), all, engine.clock().instant(), LIST_LIMIT);
    }

    /** What removing an exemption did: the exemption, and whether it was still in force. */
    public record Removed(Exemption exemption, boolean changed) {
    }

    /** Removes exemption {@code id} now, audited as {@code by}: the next run judges its findings again. */
    public Removed remove(long id, String by) {
        Instant now = engine.clock().instant();
        boolean removed = exemptions.remove(system(), id, by, now);
        if (removed) {
            engine.actions().auditLog().append(now, by, AuditEvent.EXEMPTION_REMOVED, "exemption", "#" + id, "removed; "
                    + describe(exemptions.get(system(), id).orElseThrow()));
        }
        return new Removed(exemptions.get(system(), id).orElseThrow(), removed);
    }

    /** "until 2027-03-01 00:00:00 UTC" (in {@code zone}, to the second, as every time Caretaker prints) or "until removed". */
    public static String until(Exemption e, java.time.ZoneId zone) {
        return e.until() == null ? "until removed" : "until " + Times.human(e.until(), zone);
    }

    private String describe(Exemption e) {
        return e.check() + " " + e.code() + (e.subject().isEmpty() ? "" : " on " + e.subject()) + " " + until(e, zone())
                + (e.incidentId() == null ? "" : ", from incident #" + e.incidentId()) + ": " + e.reason();
    }
}
