package dev.caretaker.incident;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.IncidentsConfig;
import dev.caretaker.config.Units;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Pages again for open incidents nobody acknowledged: reminders every {@code incidents.repeat} (at most
 * {@code max_reminders}) to the channels the incident is routed to, and the steps of its priority's {@code escalation}
 * policy, each once, {@code after} the incident opened (or last re-opened). Each page is a row of {@code incident_page}
 * written before its messages: a restart, a second node or a re-run finds it there and pages no one twice. Acknowledging
 * or resolving stops both (only {@code open} incidents are paged); muted incidents are never paged. Runs in the caller's
 * transaction, with the system's incidents locked.
 */
public final class Pager {
    private final IncidentRepository repository;

    public Pager(IncidentRepository repository) {
        this.repository = repository;
    }

    /** The pages due at {@code now}: written to the store and the timeline, returned as changes to announce. */
    public List<IncidentChange> page(Handle h, CaretakerConfig config, Long runId, Instant now) {
        IncidentsConfig ic = config.incidents();
        if (ic.repeat().isEmpty() && ic.escalation().isEmpty()) {
            return List.of();
        }
        List<IncidentChange> out = new ArrayList<>();
        for (Incident i : repository.active(h, config.system())) {
            if (i.state() != Incident.State.OPEN || i.muted()) {
                continue;
            }
            Instant since = since(h, i);
            Duration open = Duration.between(since, now);
            List<IncidentsConfig.EscalationStep> steps = ic.stepsOf(i.priority());
            for (int k = 0; k < steps.size(); k++) {
                if (open.compareTo(steps.get(k).after()) >= 0) {
                    IncidentChange.Page p = new IncidentChange.Page(IncidentChange.Page.Type.STEP, k + 1, steps.size(), steps.get(k).targets());
                    record(h, i, p, open, runId, now).ifPresent(out::add);
                }
            }
            Optional<Duration> repeat = ic.repeatOf(i.priority());
            List<String> routed = config.notifications().channelsFor(i.priority(), i.check());
            if (repeat.isPresent() && !routed.isEmpty()) {
                long due = Math.min(open.toMillis() / repeat.get().toMillis(), ic.maxReminders());
                if (due > 0 && due > lastReminder(h, i)) {
                    IncidentChange.Page p = new IncidentChange.Page(IncidentChange.Page.Type.REMINDER, (int) due, ic.maxReminders(), routed);
                    record(h, i, p, open, runId, now).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** Writes one page once; empty when it was written before (by this node, another, or an earlier run). */
    private Optional<IncidentChange> record(Handle h, Incident i, IncidentChange.Page p, Duration open, Long runId, Instant now) {
        int added = h.createUpdate("INSERT INTO incident_page (incident_id, reopened, kind, number, of_total, at, notify) "
                        + "VALUES (:i, :r, :k, :n, :of, :at, :notify) ON CONFLICT DO NOTHING")
                .bind("i", i.id()).bind("r", i.reopened()).bind("k", kind(p)).bind("n", p.number()).bind("of", p.of())
                .bind("at", Timestamp.from(now)).bind("notify", p.targets().toArray(String[]::new)).execute();
        if (added == 0) {
            return Optional.empty();
        }
        Incident current = i;
        String detail;
        if (p.type() == IncidentChange.Page.Type.STEP) {
            current = i.escalatedAt() == null ? repository.update(h, i.escalate(now)) : i;
            detail = "escalated to " + names(p) + " (step " + p.number() + " of " + p.of() + "): not acknowledged "
                    + Units.humanDuration(open) + " after it opened";
            repository.event(h, i.id(), now, "escalated", runId, IncidentTracker.CARETAKER, detail);
        } else {
            detail = "still open for " + Units.humanDuration(open) + ", not acknowledged — reminder " + p.number() + " to " + names(p);
            repository.event(h, i.id(), now, "reminder", runId, IncidentTracker.CARETAKER, detail);
        }
        return Optional.of(new IncidentChange(p.type() == IncidentChange.Page.Type.STEP ? IncidentChange.Kind.ESCALATED
                : IncidentChange.Kind.REMINDED, current, detail, p));
    }

    private static String names(IncidentChange.Page p) {
        return String.join(", ", p.targets());
    }

    private static String kind(IncidentChange.Page p) {
        return p.type() == IncidentChange.Page.Type.STEP ? "step" : "reminder";
    }

    /** When the incident last opened: its latest re-opening, else its opening. */
    static Instant since(Handle h, Incident i) {
        if (i.reopened() == 0) {
            return i.openedAt();
        }
        return h.createQuery("SELECT max(at) FROM incident_event WHERE incident_id = :i AND kind = 'reopened'").bind("i", i.id())
                .mapTo(Timestamp.class).findOne().map(Timestamp::toInstant).orElse(i.openedAt());
    }

    private static int lastReminder(Handle h, Incident i) {
        return h.createQuery("SELECT coalesce(max(number), 0) FROM incident_page WHERE incident_id = :i AND reopened = :r AND kind = 'reminder'")
                .bind("i", i.id()).bind("r", i.reopened()).mapTo(Integer.class).one();
    }

    /** The step numbers of this opening already sent. */
    static List<Integer> stepsSent(Handle h, Incident i) {
        return h.createQuery("SELECT number FROM incident_page WHERE incident_id = :i AND reopened = :r AND kind = 'step' ORDER BY number")
                .bind("i", i.id()).bind("r", i.reopened()).mapTo(Integer.class).list();
    }

    static int remindersSent(Handle h, Incident i) {
        return lastReminder(h, i);
    }

    /**
     * What pages next for an open incident nobody acknowledged, and when: its next escalation step, its next reminder, or (for
     * a priority without steps) its single escalation after the response time; empty once it is acknowledged, resolved or
     * muted, or when nothing more will page.
     */
    public record Next(String what, Instant at) {
        /** "escalation step 2 to oncall-secondary, manager at 10:45 (in 12m)", in the config's zone. */
        public String describe(ZoneId zone, Instant now) {
            ZonedDateTime when = at.atZone(zone);
            String time = when.toLocalDate().equals(now.atZone(zone).toLocalDate())
                    ? DateTimeFormatter.ofPattern("HH:mm").format(when)
                    : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(when);
            Duration left = Duration.between(now, at);
            String in = left.compareTo(Duration.ofSeconds(60)) < 0 ? "due now" : "in " + Units.humanDuration(Duration.ofMinutes(left.toMinutes()));
            return what + " at " + time + " (" + in + ")";
        }
    }

    /** As {@link #next(Handle, CaretakerConfig, Incident)}, reading in a handle of its own. */
    public Optional<Next> next(CaretakerConfig config, Incident i) {
        if (i.state() != Incident.State.OPEN || i.muted()) {
            return Optional.empty();
        }
        return repository.withHandle(h -> next(h, config, i));
    }

    public Optional<Next> next(Handle h, CaretakerConfig config, Incident i) {
        if (i.state() != Incident.State.OPEN || i.muted()) {
            return Optional.empty();
        }
        IncidentsConfig ic = config.incidents();
        Instant since = since(h, i);
        List<Next> candidates = new ArrayList<>();
        List<IncidentsConfig.EscalationStep> steps = ic.stepsOf(i.priority());
        List<Integer> sent = stepsSent(h, i);
        for (int k = 0; k < steps.size(); k++) {
            if (!sent.contains(k + 1)) {
                candidates.add(new Next("escalation step " + (k + 1) + " of " + steps.size() + " to " + String.join(", ", steps.get(k).targets()),
                        since.plus(steps.get(k).after())));
                break;
            }
        }
        if (steps.isEmpty() && i.escalatedAt() == null && ic.sla().containsKey(i.priority())) {
            candidates.add(new Next("escalation (the " + i.priority() + " response time of " + Units.formatDuration(ic.sla().get(i.priority()))
                    + ") to " + String.join(", ", ic.escalateTo().isEmpty() ? config.notifications().channelsFor(i.priority(), i.check())
                    : ic.escalateTo()), i.openedAt().plus(ic.sla().get(i.priority()))));
        }
        Optional<Duration> repeat = ic.repeatOf(i.priority());
        int last = lastReminder(h, i);
        List<String> routed = config.notifications().channelsFor(i.priority(), i.check());
        if (repeat.isPresent() && last < ic.maxReminders() && !routed.isEmpty()) {
            candidates.add(new Next("reminder " + (last + 1) + " of at most " + ic.maxReminders() + " to " + String.join(", ", routed),
                    since.plus(repeat.get().multipliedBy(last + 1))));
        }
        return candidates.stream().min(Comparator.comparing(Next::at));
    }
}
