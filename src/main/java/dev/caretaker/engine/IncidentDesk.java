package dev.caretaker.engine;

import dev.caretaker.config.Priority;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.incident.IncidentEvent;
import dev.caretaker.incident.IncidentFilter;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.incident.Pager;
import dev.caretaker.report.Times;
import dev.caretaker.store.Note;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What people do with incidents: list, show with the timeline, acknowledge (once: a second time changes nothing) and
 * resolve. Only the config's own system's incidents; the messages a change sends are written in its transaction.
 */
public final class IncidentDesk {
    private final Engine engine;
    private final IncidentRepository repository;

    IncidentDesk(Engine engine) {
        this.engine = engine;
        this.repository = new IncidentRepository(engine.store().jdbi());
    }

    public List<Incident> list(boolean openOnly, int limit) {
        return repository.list(engine.config().system(), openOnly, limit);
    }

    /** A page of the incidents {@code filter} matches, newest first, below id {@code before} (null: from the newest). */
    public List<Incident> page(IncidentFilter filter, Long before, int limit) {
        return repository.page(engine.config().system(), filter, before, limit);
    }

    /** The incident of this id, when it is this system's; otherwise {@link NoSuchElementException}. */
    public Incident own(long id) {
        return repository.get(id).filter(i -> i.system().equals(engine.config().system()))
                .orElseThrow(() -> new NoSuchElementException("no incident #" + id + " of " + engine.config().system()));
    }

    /** Open and acknowledged incidents by priority, every priority present. */
    public Map<Priority, Integer> activeByPriority() {
        return repository.activeByPriority(engine.config().system());
    }

    /** The open and acknowledged incidents, oldest first. */
    public List<Incident> active() {
        return repository.active(engine.config().system());
    }

    /** What run {@code runId} did to incidents. */
    public List<IncidentEvent> eventsOfRun(long runId) {
        return repository.eventsOfRun(engine.config().system(), runId);
    }

    /**
     * An incident, its timeline, the runbook of its rule or check (null when it has none), and what pages next and when
     * ({@code next} null once it is acknowledged, resolved or muted, or when nothing more will page; {@code nextText} says it
     * in words: "escalation step 2 of 2 to oncall-secondary, manager at 10:45 (in 12m)").
     */
    public record Detail(Incident incident, List<IncidentEvent> timeline, String runbook, Pager.Next next, String nextText) {
        /** The next page for the JSON of the API and the CLI: null, or what, when (ISO) and the words. */
        public Map<String, Object> nextJson(ZoneId zone) {
            if (next == null) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", next.what());
            m.put("at", Times.iso(next.at(), zone));
            m.put("text", nextText);
            return m;
        }
    }

    public Detail show(long id) {
        Incident i = repository.get(id).filter(x -> x.system().equals(engine.config().system()))
                .orElseThrow(() -> new IllegalArgumentException(IncidentTracker.notFound(repository.get(id), engine.config().system(), id)));
        Pager.Next next = new Pager(repository).next(engine.config(), i).orElse(null);
        return new Detail(i, repository.timeline(id), engine.config().runbooks().of(i.check(), i.source()).orElse(null), next,
                next == null ? null : next.describe(engine.config().timezone(), engine.clock().instant()));
    }

    /** Acknowledges; tells paging channels; delivers what it can within {@code notify.wait}. */
    public IncidentTracker.Decision acknowledge(long id, String by) {
        return decide(h -> new IncidentTracker(repository).acknowledge(h, engine.config().system(), id, by, engine.clock().instant()),
                IncidentChange.Kind.ACKNOWLEDGED, "acknowledged by " + by);
    }

    /** Resolves by hand; the incident's channels and ticket hear of it. It re-opens if the condition is still there. */
    public IncidentTracker.Decision resolve(long id, String by, String written) {
        String note = Note.cut(written);
        return decide(h -> new IncidentTracker(repository).resolve(h, engine.config().system(), id, by, note, engine.clock().instant()),
                IncidentChange.Kind.RESOLVED, "resolved by " + by + (note == null || note.isBlank() ? "" : ": " + note));
    }

    private IncidentTracker.Decision decide(org.jdbi.v3.core.HandleCallback<IncidentTracker.Decision, RuntimeException> change,
                                            IncidentChange.Kind kind, String detail) {
        boolean notify = engine.config().notifications().active();
        IncidentTracker.Decision d = repository.inTransaction(h -> {
            IncidentTracker.Decision x = change.withHandle(h);
            if (x.changed() && notify) {
                engine.messages().enqueueIncidents(h, List.of(new IncidentChange(kind, x.incident(), detail)), engine.clock().instant());
            }
            return x;
        });
        if (d.changed() && notify) {
            engine.delivery().deliver(engine.config().notifications().deliveryWait(), false);
        }
        return d;
    }
}
