package dev.caretaker.action;

import dev.caretaker.check.RunResult;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.rule.Alert;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored run with the alerts it raised, what it did to incidents, the actions it took or asked for, and what was
 * notified.
 */
public record RunOutcome(RunResult run, List<Alert> alerts, List<IncidentChange> incidents, List<ActionOutcome> actions,
                         List<String> notified) {
    public RunOutcome {
        alerts = List.copyOf(alerts);
        incidents = List.copyOf(incidents);
        actions = List.copyOf(actions);
        notified = List.copyOf(notified);
    }

    public RunOutcome(RunResult run, List<Alert> alerts, List<IncidentChange> incidents) {
        this(run, alerts, incidents, List.of(), List.of());
    }

    public RunOutcome withNotified(List<String> lines) {
        return new RunOutcome(run, alerts, incidents, actions, lines);
    }

    /** With the actions of the remediation stage, and the incident changes it caused (escalations) added. */
    public RunOutcome withActions(List<ActionOutcome> taken, List<IncidentChange> caused) {
        List<IncidentChange> all = new ArrayList<>(incidents);
        all.addAll(caused);
        return new RunOutcome(run, alerts, all, taken, notified);
    }

    /** The incident changes worth reporting: not the quiet "seen again". */
    public List<IncidentChange> notable() {
        return incidents.stream().filter(c -> !c.change().equals("seen")).toList();
    }

    /** A run without the alerting stage, for reports of a bare result. */
    public static RunOutcome of(RunResult run) {
        return new RunOutcome(run, List.of(), List.of());
    }
}
