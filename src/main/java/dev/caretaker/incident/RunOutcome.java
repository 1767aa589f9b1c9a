package dev.caretaker.incident;

import dev.caretaker.check.RunResult;
import dev.caretaker.rule.Alert;
import java.util.List;

/** A stored run with the alerts it raised, what it did to incidents, and what was notified. */
public record RunOutcome(RunResult run, List<Alert> alerts, List<IncidentChange> incidents, List<String> notified) {
    public RunOutcome {
        alerts = List.copyOf(alerts);
        incidents = List.copyOf(incidents);
        notified = List.copyOf(notified);
    }

    public RunOutcome(RunResult run, List<Alert> alerts, List<IncidentChange> incidents) {
        this(run, alerts, incidents, List.of());
    }

    public RunOutcome withNotified(List<String> lines) {
        return new RunOutcome(run, alerts, incidents, lines);
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
