package dev.caretaker.incident;

import dev.caretaker.check.Finding;
import dev.caretaker.check.RunResult;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.IncidentsConfig;
import dev.caretaker.config.Priority;
import dev.caretaker.config.Units;
import dev.caretaker.rule.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Keeps one incident per fingerprint in step with the alerts of each run: opens, updates, re-opens within
 * {@code reopen_within}, resolves when the condition clears (and only when the run could judge it), holds a flapping
 * incident open instead of paging at every change, notes alerts of checks behind a down parent on the root cause's
 * incident, keeps aggregate alerts quiet while their causes are open (inhibition), mutes incidents inside maintenance
 * windows, and escalates those not acknowledged within their priority's SLA. The caller owns the transaction, so the
 * messages announcing these changes can be written in the same one.
 */
public final class IncidentTracker {
    public static final String CARETAKER = "caretaker";

    private final IncidentRepository repository;

    public IncidentTracker(IncidentRepository repository) {
        this.repository = repository;
    }

    /** Applies a run in a transaction of its own. */
    public List<IncidentChange> apply(CaretakerConfig config, RunResult run, List<Alert> alerts, Instant now) {
        return repository.inTransaction(h -> apply(h, config, run, alerts, now));
    }

    /** Applies a run inside the caller's transaction. */
    public List<IncidentChange> apply(Handle h, CaretakerConfig config, RunResult run, List<Alert> alerts, Instant now) {
        IncidentsConfig ic = config.incidents();
        String system = run.system();
        repository.lock(h, system);
        RunJudgement judgement = new RunJudgement(config, run);
        Map<String, Incident> active = new LinkedHashMap<>();
        repository.active(h, system).forEach(i -> active.put(i.fingerprint(), i));
        List<IncidentChange> changes = new ArrayList<>();

        Map<String, Alert> present = new LinkedHashMap<>();
        List<Alert> suppressed = new ArrayList<>();
        for (Alert a : alerts) {
            if (priority(a, ic).isEmpty()) {
                continue;
            }
            if (judgement.downAncestor(a.check()).isPresent()) {
                suppressed.add(a);
            } else {
                present.merge(a.fingerprint(), a, (x, y) -> x.severity().ordinal() >= y.severity().ordinal() ? x : y);
            }
        }
        Map<String, Alert> outageOwners = oneIncidentPerOutage(present, active, config, suppressed);

        List<Incident> resolving = active.values().stream()
                .filter(i -> !present.containsKey(i.fingerprint()) && judgement.judges(i) && !heldByFlapping(i, ic, now)).toList();
        List<Alert> inhibited = Inhibitor.inhibited(ic.inhibit(), present, active.values(), resolving);
        inhibited.forEach(a -> present.remove(a.fingerprint()));

        List<dev.caretaker.config.MaintenanceWindow> windows = new ArrayList<>(config.maintenance());
        Silences.current(h, system, now).forEach(s -> windows.add(s.window()));
        for (Alert a : present.values()) {
            boolean muted = windows.stream().anyMatch(w -> w.covers(now, a.check(), config.timezone()));
            changes.add(record(h, system, a, priority(a, ic).orElseThrow(), muted, active.get(a.fingerprint()), ic, run.runId(), now));
        }
        // the roots' incidents as they are after this run's records, read once for every suppressed alert
        List<Incident> afterRecords = suppressed.isEmpty() ? List.of() : repository.active(h, system);
        for (Alert a : suppressed) {
            String root = outageOwners.containsKey(a.fingerprint()) ? outageOwners.get(a.fingerprint()).check()
                    : judgement.downAncestor(a.check()).orElse(a.check());
            changes.add(suppress(h, afterRecords, a, root, judgement.whyDown(root), run.runId(), now));
        }
        for (Alert a : inhibited) {
            Incident open = active.get(a.fingerprint());
            if (open != null) {
                repository.event(h, open.id(), now, "inhibited", run.runId(), CARETAKER, "kept as it is while its causes are open");
            }
            changes.add(new IncidentChange(IncidentChange.Kind.INHIBITED, open, a.source() + " " + a.subject()
                    + ": inhibited while the incidents that cause it are open"));
        }
        for (Incident i : resolving) {
            if (inhibited.stream().anyMatch(a -> a.fingerprint().equals(i.fingerprint()))) {
                continue;
            }
            // muted or not as it resolves: a window that began after its last sighting mutes its resolution too, and one that
            // muted its last sighting still does (it ended between that run and this one: nobody heard of it since)
            boolean mutedNow = i.muted() || windows.stream().anyMatch(w -> w.covers(now, i.check(), config.timezone()));
            Incident resolved = repository.update(h, i.resolve(now, CARETAKER).mutedNow(mutedNow));
            String why = run.ignored().stream().filter(x -> x.check().equals(i.check()) && x.finding().code().equals(i.source())
                            && java.util.Objects.equals(x.finding().subject(), i.subject())).findFirst()
                    .map(x -> "resolved as ignored (" + x.source() + "): " + x.reason()).orElse("the condition cleared");
            repository.event(h, i.id(), now, why.startsWith("resolved as ignored") ? "ignored" : "resolved", run.runId(), CARETAKER, why);
            changes.add(new IncidentChange(IncidentChange.Kind.RESOLVED, resolved, why));
        }
        changes.addAll(escalate(h, system, ic, run.runId(), now));
        changes.addAll(new Pager(repository).page(h, config, run.runId(), now));
        return changes;
    }

    /**
     * An unreachable database is one outage, however many checks of it saw it: the first check's alert (or the one with an
     * incident already) keeps it; the others are noted on it. Returns the keeper of each merged alert.
     */
    private static Map<String, Alert> oneIncidentPerOutage(Map<String, Alert> present, Map<String, Incident> active, CaretakerConfig config,
                                                           List<Alert> suppressed) {
        Map<String, Alert> keeperByOutage = new LinkedHashMap<>();
        Map<String, Alert> ownerOf = new LinkedHashMap<>();
        List<Alert> outages = present.values().stream().filter(a -> a.kind() == Alert.Kind.FINDING && Finding.UNAVAILABLE.contains(a.source()))
                .toList();
        if (outages.size() < 2) {
            return ownerOf;
        }
        // the config's order of the outages' checks, looked up once each rather than searched for in every comparison
        Map<String, Integer> order = new HashMap<>();
        int position = 0;
        for (String check : config.checks().keySet()) {
            order.put(check, position++);
        }
        outages = outages.stream()
                .sorted((x, y) -> Boolean.compare(!active.containsKey(x.fingerprint()), !active.containsKey(y.fingerprint())) != 0
                        ? Boolean.compare(!active.containsKey(x.fingerprint()), !active.containsKey(y.fingerprint()))
                        : Integer.compare(order.getOrDefault(x.check(), -1), order.getOrDefault(y.check(), -1)))
                .toList();
        for (Alert a : outages) {
            String key = a.source() + "|" + a.subject();
            Alert keeper = keeperByOutage.putIfAbsent(key, a);
            if (keeper != null) {
                present.remove(a.fingerprint());
                suppressed.add(a);
                ownerOf.put(a.fingerprint(), keeper);
            }
        }
        return ownerOf;
    }

    private static boolean heldByFlapping(Incident i, IncidentsConfig ic, Instant now) {
        return i.flapping() && Duration.between(i.lastSeenAt(), now).compareTo(ic.flapWindow()) < 0;
    }

    private IncidentChange record(Handle h, String system, Alert a, Priority priority, boolean muted, Incident current,
                                  IncidentsConfig ic, long runId, Instant now) {
        if (current != null) {
            boolean worse = a.severity().worseThan(current.severity());
            Priority newPriority = worse || priority.moreUrgentThan(current.priority()) ? priority : current.priority();
            // the title reads the latest finding ("idle for 10m", not the "idle for 1m 12s" it opened with); the timeline keeps
            // the first, and no message goes for a new title alone
            Incident updated = repository.update(h, current.seen(now, worse ? a.severity() : current.severity(), newPriority, a.message(), muted));
            if (worse) {
                repository.event(h, current.id(), now, "severity", runId, CARETAKER, "now " + a.severity().label() + ": " + a.message());
            }
            if (current.muted() && !muted && updated.state() == Incident.State.OPEN) {
                repository.event(h, current.id(), now, "unmuted", runId, CARETAKER,
                        "the maintenance window ended while it is still open: its opening is told now unless it was told before the window");
                return new IncidentChange(IncidentChange.Kind.UNMUTED, updated, a.message());
            }
            if (worse) {
                return new IncidentChange(IncidentChange.Kind.UPDATED, updated, "now " + a.severity().label());
            }
            return new IncidentChange(IncidentChange.Kind.SEEN, updated, "");
        }
        Optional<Incident> recent = repository.resolvedSince(h, system, a.fingerprint(), now.minus(ic.reopenWithin()));
        Incident incident;
        IncidentChange.Kind change;
        if (recent.isPresent()) {
            incident = repository.update(h, recent.get().reopen(now).seen(now, a.severity(), priority, a.message(), muted));
            repository.event(h, incident.id(), now, "reopened", runId, CARETAKER, a.message());
            change = IncidentChange.Kind.REOPENED;
        } else {
            incident = repository.insert(h, new Incident(0, system, a.fingerprint(), a.source(), a.kind(), a.check(), a.subject(),
                    a.severity(), priority, Incident.State.OPEN, a.message(), now, now, null, null, null, null, null, false, muted, 0));
            repository.event(h, incident.id(), now, "opened", runId, CARETAKER, a.message());
            change = IncidentChange.Kind.OPENED;
        }
        if (muted) {
            repository.event(h, incident.id(), now, "muted", runId, CARETAKER, "inside a maintenance window: no notification");
        }
        if (!incident.flapping() && repository.stateChanges(h, system, a.fingerprint(), now.minus(ic.flapWindow())) >= ic.flapChanges()) {
            incident = repository.update(h, incident.markFlapping());
            repository.event(h, incident.id(), now, "flapping", runId, CARETAKER, ic.flapChanges() + " or more state changes within "
                    + Units.formatDuration(ic.flapWindow()) + ": held open until it is quiet for that long");
            return new IncidentChange(IncidentChange.Kind.FLAPPING, incident, "flapping");
        }
        return new IncidentChange(change, incident, a.message());
    }

    /** A suppressed alert is written on the timeline of its root cause's incident, not made an incident of its own. */
    private IncidentChange suppress(Handle h, List<Incident> active, Alert a, String root, String why, long runId, Instant now) {
        Optional<Incident> rootIncident = active.stream().filter(i -> i.check().equals(root))
                .max((x, y) -> Integer.compare(x.severity().ordinal(), y.severity().ordinal()));
        String detail = a.check() + ": " + a.source() + " " + a.subject() + " (suppressed: " + why + ")";
        rootIncident.ifPresent(i -> repository.event(h, i.id(), now, "suppressed", runId, CARETAKER, detail));
        return new IncidentChange(IncidentChange.Kind.SUPPRESSED, rootIncident.orElse(null), detail);
    }

    /**
     * Escalates the open incidents of {@code system} not acknowledged within their priority's response time; the server's
     * sweep calls it between runs (with no run), so an SLA passes on time even when no suite runs.
     */
    public List<IncidentChange> escalateOverdue(Handle h, String system, IncidentsConfig ic, Instant now) {
        repository.lock(h, system);
        return escalate(h, system, ic, null, now);
    }

    /**
     * The server's sweep between runs: the single escalation of {@link #escalateOverdue}, then the reminders and escalation
     * steps now due ({@link Pager}).
     */
    public List<IncidentChange> housekeep(Handle h, CaretakerConfig config, Instant now) {
        List<IncidentChange> out = new ArrayList<>(escalateOverdue(h, config.system(), config.incidents(), now));
        out.addAll(new Pager(repository).page(h, config, null, now));
        return out;
    }

    /** Priorities with {@code escalation} steps are escalated by those steps, not once after their response time. */
    private List<IncidentChange> escalate(Handle h, String system, IncidentsConfig ic, Long runId, Instant now) {
        List<IncidentChange> out = new ArrayList<>();
        for (Incident i : repository.overdue(h, system, ic.singleEscalationSla(), now)) {
            Duration sla = ic.sla().get(i.priority());
            if (Duration.between(i.openedAt(), now).compareTo(sla) < 0) {
                continue; // the store rounds to microseconds: its bound lets through what this exact one keeps back
            }
            Incident escalated = repository.update(h, i.escalate(now));
            String detail = "not acknowledged within the " + i.priority() + " response time of " + Units.formatDuration(sla)
                    + (ic.escalateTo().isEmpty() ? "" : "; escalate to " + String.join(", ", ic.escalateTo()));
            repository.event(h, i.id(), now, "escalated", runId, CARETAKER, detail);
            out.add(new IncidentChange(IncidentChange.Kind.ESCALATED, escalated, detail));
        }
        return out;
    }

    private static Optional<Priority> priority(Alert a, IncidentsConfig ic) {
        return a.priority() != null ? Optional.of(a.priority()) : ic.priorityOf(a.severity());
    }

    /** What a person asked for: the incident after it, and whether anything changed (a second ack changes nothing). */
    public record Decision(Incident incident, boolean changed) {
    }

    /** As {@link #acknowledge(Handle, String, long, String, Instant)}, in a transaction of its own. */
    public Decision acknowledge(String system, long id, String by, Instant now) {
        return repository.inTransaction(h -> acknowledge(h, system, id, by, now));
    }

    /** As {@link #resolve(Handle, String, long, String, String, Instant)}, in a transaction of its own. */
    public Decision resolve(String system, long id, String by, String note, Instant now) {
        return repository.inTransaction(h -> resolve(h, system, id, by, note, now));
    }

    /** Acknowledges an incident of {@code system} by hand: it stops escalating. Acknowledging it again changes nothing. */
    public Decision acknowledge(Handle h, String system, long id, String by, Instant now) {
        repository.lock(h, system);
        Incident i = activeOf(h, system, id);
        if (i.state() == Incident.State.ACKNOWLEDGED) {
            return new Decision(i, false);
        }
        Incident acked = repository.update(h, i.acknowledge(now, by));
        repository.event(h, id, now, "acknowledged", null, by, "");
        return new Decision(acked, true);
    }

    /** Resolves an incident of {@code system} by hand; it re-opens if the condition is still there at the next run. */
    public Decision resolve(Handle h, String system, long id, String by, String note, Instant now) {
        repository.lock(h, system);
        Incident i = activeOf(h, system, id);
        Incident resolved = repository.update(h, i.resolve(now, by));
        repository.event(h, id, now, "resolved", null, by, note == null ? "" : note);
        return new Decision(resolved, true);
    }

    private Incident activeOf(Handle h, String system, long id) {
        Incident i = repository.get(h, id).filter(x -> x.system().equals(system))
                .orElseThrow(() -> new IllegalArgumentException(notFound(repository.get(h, id), system, id)));
        if (!i.active()) {
            throw new IllegalArgumentException("incident #" + id + " is already resolved (" + i.resolvedAt() + " by " + i.resolvedBy() + ")");
        }
        return i;
    }

    /** "no incident #N", or that it belongs to another system than the config's. */
    public static String notFound(Optional<Incident> found, String system, long id) {
        return found.map(x -> "incident #" + id + " belongs to system '" + x.system() + "', not to '" + system
                        + "' (the system of this config); use that system's config")
                .orElse("there is no incident #" + id + " in the store; see caretaker incidents list");
    }
}
