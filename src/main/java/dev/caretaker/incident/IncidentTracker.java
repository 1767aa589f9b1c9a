package dev.caretaker.incident;

import dev.caretaker.check.CheckResult;
import dev.caretaker.check.RunResult;
import dev.caretaker.check.Severity;
import dev.caretaker.check.Status;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.IncidentsConfig;
import dev.caretaker.config.Units;
import dev.caretaker.rule.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Keeps one incident per fingerprint in step with the alerts of each run: opens, updates, re-opens within
 * {@code reopen_within}, resolves when the condition clears, holds a flapping incident open instead of paging
 * at every change, lists alerts suppressed by a failing parent check on the root cause's incident, mutes
 * incidents inside maintenance windows, and escalates those not acknowledged within their priority's SLA.
 */
public final class IncidentTracker {
    private final IncidentRepository repository;

    public IncidentTracker(IncidentRepository repository) {
        this.repository = repository;
    }

    public List<IncidentChange> apply(CaretakerConfig config, RunResult run, List<Alert> alerts, Instant now) {
        return repository.inTransaction(h -> apply(h, config, run, alerts, now));
    }

    private List<IncidentChange> apply(Handle h, CaretakerConfig config, RunResult run, List<Alert> alerts, Instant now) {
        IncidentsConfig ic = config.incidents();
        String system = run.system();
        Map<String, CheckResult> results = run.results().stream().collect(Collectors.toMap(CheckResult::name, r -> r, (a, b) -> a));
        Map<String, Incident> active = new LinkedHashMap<>();
        repository.active(h, system).forEach(i -> active.put(i.fingerprint(), i));
        List<IncidentChange> changes = new ArrayList<>();
        Map<String, Alert> present = new LinkedHashMap<>();
        List<Alert> suppressed = new ArrayList<>();
        for (Alert a : alerts) {
            if (priority(a, ic) == null) {
                continue;
            }
            if (failingAncestor(a.check(), config.dependencies(), results).isPresent()) {
                suppressed.add(a);
            } else {
                present.merge(a.fingerprint(), a, (x, y) -> x.severity().ordinal() >= y.severity().ordinal() ? x : y);
            }
        }
        for (Alert a : present.values()) {
            boolean muted = config.maintenance().stream().anyMatch(w -> w.covers(now, a.check(), config.timezone()));
            changes.add(record(h, system, a, priority(a, ic), muted, active.get(a.fingerprint()), ic, run.runId(), now));
        }
        for (Alert a : suppressed) {
            changes.add(suppress(h, system, a, config, results, run.runId(), now));
        }
        Set<String> stillAlerting = alerts.stream().map(Alert::fingerprint).collect(Collectors.toSet());
        for (Incident i : active.values()) {
            CheckResult r = results.get(i.check());
            boolean judged = r != null && r.status() != Status.UNKNOWN;
            if (!judged || stillAlerting.contains(i.fingerprint())) {
                continue;
            }
            if (i.flapping() && Duration.between(i.lastSeenAt(), now).compareTo(ic.flapWindow()) < 0) {
                continue; // a flapping incident closes only after a quiet flapping window
            }
            Incident resolved = repository.update(h, i.resolve(now, "caretaker"));
            repository.event(h, i.id(), now, "resolved", run.runId(), "caretaker", "the condition cleared");
            changes.add(new IncidentChange("resolved", resolved, "the condition cleared"));
        }
        changes.addAll(escalate(h, system, ic, run.runId(), now));
        return changes.stream().filter(c -> c != null).toList();
    }

    private IncidentChange record(Handle h, String system, Alert a, String priority, boolean muted, Incident current,
                                  IncidentsConfig ic, long runId, Instant now) {
        String severity = a.severity().label();
        if (current != null) {
            boolean worse = Severity.valueOf(severity.toUpperCase()).ordinal() > Severity.valueOf(current.severity().toUpperCase()).ordinal();
            String newPriority = worse || priorityRank(priority) < priorityRank(current.priority()) ? priority : current.priority();
            Incident updated = repository.update(h, current.seen(now, worse ? severity : current.severity(), newPriority,
                    worse ? a.message() : current.title(), muted));
            if (worse) {
                repository.event(h, current.id(), now, "severity", runId, "caretaker", "now " + severity + ": " + a.message());
                return new IncidentChange("updated", updated, "now " + severity);
            }
            return new IncidentChange("seen", updated, "");
        }
        Optional<Incident> recent = repository.resolvedSince(h, system, a.fingerprint(), now.minus(ic.reopenWithin()));
        Incident incident;
        String change;
        if (recent.isPresent()) {
            incident = repository.update(h, recent.get().reopen(now).seen(now, severity, priority, a.message(), muted));
            repository.event(h, incident.id(), now, "reopened", runId, "caretaker", a.message());
            change = "reopened";
        } else {
            incident = repository.insert(h, system, new Incident(0, a.fingerprint(), a.source(), a.kind().name().toLowerCase(), a.check(),
                    a.subject(), severity, priority, Incident.OPEN, a.message(), now, now, null, null, null, null, null, false, muted, 0));
            repository.event(h, incident.id(), now, "opened", runId, "caretaker", a.message());
            change = "opened";
        }
        if (muted) {
            repository.event(h, incident.id(), now, "muted", runId, "caretaker", "inside a maintenance window: no notification");
        }
        if (!incident.flapping() && repository.stateChanges(h, system, a.fingerprint(), now.minus(ic.flapWindow())) >= ic.flapChanges()) {
            incident = repository.update(h, incident.markFlapping());
            repository.event(h, incident.id(), now, "flapping", runId, "caretaker", ic.flapChanges() + " or more state changes within "
                    + Units.formatDuration(ic.flapWindow()) + ": held open until it is quiet for that long");
            return new IncidentChange("flapping", incident, "flapping");
        }
        return new IncidentChange(change, incident, a.message());
    }

    /** A suppressed alert is written on the timeline of its root cause's incident, not made an incident of its own. */
    private IncidentChange suppress(Handle h, String system, Alert a, CaretakerConfig config, Map<String, CheckResult> results,
                                    long runId, Instant now) {
        String root = failingAncestor(a.check(), config.dependencies(), results).orElseThrow();
        Optional<Incident> rootIncident = repository.active(h, system).stream().filter(i -> i.check().equals(root))
                .max((x, y) -> Integer.compare(Severity.valueOf(x.severity().toUpperCase()).ordinal(),
                        Severity.valueOf(y.severity().toUpperCase()).ordinal()));
        String detail = a.check() + ": " + a.source() + " " + a.subject() + " (suppressed: " + root + " is failing)";
        rootIncident.ifPresent(i -> repository.event(h, i.id(), now, "suppressed", runId, "caretaker", detail));
        return new IncidentChange("suppressed", rootIncident.orElse(null), detail);
    }

    private List<IncidentChange> escalate(Handle h, String system, IncidentsConfig ic, long runId, Instant now) {
        List<IncidentChange> out = new ArrayList<>();
        for (Incident i : repository.active(h, system)) {
            Duration sla = ic.sla().get(i.priority());
            if (!Incident.OPEN.equals(i.state()) || i.escalatedAt() != null || sla == null
                    || Duration.between(i.openedAt(), now).compareTo(sla) < 0) {
                continue;
            }
            Incident escalated = repository.update(h, i.escalate(now));
            String detail = "not acknowledged within the " + i.priority() + " response time of " + Units.formatDuration(sla)
                    + (ic.escalateTo().isEmpty() ? "" : "; escalate to " + String.join(", ", ic.escalateTo()));
            repository.event(h, i.id(), now, "escalated", runId, "caretaker", detail);
            out.add(new IncidentChange("escalated", escalated, detail));
        }
        return out;
    }

    /** Findings that mean a check's target cannot be reached at all: what makes a parent "fail" for its dependents. */
    static final Set<String> UNAVAILABLE = Set.of("postgres.unreachable", "http.down");

    /** The topmost ancestor of {@code check} whose target is unreachable or down in this run, if any. */
    static Optional<String> failingAncestor(String check, Map<String, List<String>> dependencies, Map<String, CheckResult> results) {
        String found = null;
        List<String> frontier = new ArrayList<>(dependencies.getOrDefault(check, List.of()));
        Set<String> seen = new java.util.HashSet<>();
        while (!frontier.isEmpty()) {
            String parent = frontier.remove(0);
            if (!seen.add(parent)) {
                continue;
            }
            CheckResult r = results.get(parent);
            if (r != null && r.findings().stream().anyMatch(f -> UNAVAILABLE.contains(f.code()))) {
                found = parent;
            }
            frontier.addAll(dependencies.getOrDefault(parent, List.of()));
        }
        return Optional.ofNullable(found);
    }

    private static String priority(Alert a, IncidentsConfig ic) {
        return a.priority() != null ? a.priority() : ic.priorityOf(a.severity().label());
    }

    private static int priorityRank(String p) {
        return p == null ? Integer.MAX_VALUE : p.charAt(1) - '0';
    }

    /** Acknowledges an incident by hand: it stops escalating. */
    public Incident acknowledge(long id, String by, Instant now) {
        return repository.inTransaction(h -> {
            Incident i = active(h, id);
            Incident acked = repository.update(h, i.acknowledge(now, by));
            repository.event(h, id, now, "acknowledged", null, by, "");
            return acked;
        });
    }

    /** Resolves an incident by hand; it re-opens if the condition is still there at the next run. */
    public Incident resolve(long id, String by, String note, Instant now) {
        return repository.inTransaction(h -> {
            Incident i = active(h, id);
            Incident resolved = repository.update(h, i.resolve(now, by));
            repository.event(h, id, now, "resolved", null, by, note == null ? "" : note);
            return resolved;
        });
    }

    private Incident active(Handle h, long id) {
        Incident i = repository.get(h, id).orElseThrow(() -> new IllegalArgumentException("no incident #" + id));
        if (!i.active()) {
            throw new IllegalArgumentException("incident #" + id + " is already resolved (" + i.resolvedAt() + " by " + i.resolvedBy() + ")");
        }
        return i;
    }
}
