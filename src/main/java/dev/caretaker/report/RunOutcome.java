package dev.caretaker.report;

import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.AuditLog;
import dev.caretaker.check.RunResult;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.rule.Alert;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run found and did, as the reports show it: the stored run, its alerts, what it did to incidents, every
 * incident still open after it, the actions taken or asked for, and what became of its messages. Times are shown in
 * {@code zone}, the config's time zone. {@code audit} is the head of the audit log after the run (null when not known), printed
 * in every report so a log cut off at its end shows against reports people already keep. {@code tick} is the scheduled time
 * of a run the server started (null for one started by hand): a tick re-run on another node sends its report once.
 */
public record RunOutcome(RunResult run, ZoneId zone, List<Alert> alerts, List<IncidentChange> incidents, List<Incident> open,
                         List<ActionOutcome> actions, AuditLog.Head audit, Instant tick, Notifications notifications) {
    public RunOutcome {
        alerts = List.copyOf(alerts);
        incidents = List.copyOf(incidents);
        open = List.copyOf(open);
        actions = List.copyOf(actions);
    }

    /** One message of the run and where it stands: pending, sent or failed (given up). */
    public record Notification(String channel, String kind, String key, String state, int attempts, String error) {
    }

    /** The run's messages, and the outbox after the delivery pass; {@code writtenTo} is the folder of email files, if any. */
    public record Notifications(List<Notification> messages, int delivered, int failed, int pending, Path writtenTo) {
        public static final Notifications NONE = new Notifications(List.of(), 0, 0, 0, null);

        public Notifications {
            messages = List.copyOf(messages);
        }
    }

    public RunOutcome withNotifications(Notifications n) {
        return new RunOutcome(run, zone, alerts, incidents, open, actions, audit, tick, n);
    }

    /** A run without the alerting stage, for reports of a bare result. */
    public static RunOutcome of(RunResult run) {
        return new RunOutcome(run, ZoneOffset.UTC, List.of(), List.of(), List.of(), List.of(), null, null, Notifications.NONE);
    }

    /** The incident changes worth reporting: not the quiet "seen again". */
    public List<IncidentChange> notable() {
        return incidents.stream().filter(IncidentChange::notable).toList();
    }

    /** Alerts noted on another incident or kept quiet: suppressed and inhibited. */
    public List<IncidentChange> notes() {
        return incidents.stream().filter(c -> c.kind() == IncidentChange.Kind.SUPPRESSED || c.kind() == IncidentChange.Kind.INHIBITED).toList();
    }

    /** One line per incident the report shows: every open one, and those this run resolved; with this run's change, if any. */
    public record IncidentRow(Incident incident, IncidentChange change) {
    }

    public List<IncidentRow> incidentRows() {
        Map<Long, IncidentRow> rows = new LinkedHashMap<>();
        for (IncidentChange c : incidents) {
            if (c.incident() == null || c.kind() == IncidentChange.Kind.SUPPRESSED || c.kind() == IncidentChange.Kind.INHIBITED) {
                continue;
            }
            IncidentRow before = rows.get(c.incident().id());
            if (before == null || before.change() == null || before.change().kind() == IncidentChange.Kind.SEEN) {
                rows.put(c.incident().id(), new IncidentRow(c.incident(), c));
            }
        }
        for (Incident i : open) {
            IncidentRow row = rows.get(i.id());
            rows.put(i.id(), new IncidentRow(i, row == null || row.change().kind() == IncidentChange.Kind.SEEN ? null : row.change()));
        }
        List<IncidentRow> out = new ArrayList<>(rows.values());
        out.sort((a, b) -> a.incident().priority() != b.incident().priority()
                ? a.incident().priority().compareTo(b.incident().priority()) : Long.compare(a.incident().id(), b.incident().id()));
        return out;
    }
}
