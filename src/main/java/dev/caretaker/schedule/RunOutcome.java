package dev.caretaker.schedule;

import dev.caretaker.check.RunResult;
import dev.caretaker.incident.IncidentChange;
import dev.caretaker.rule.Alert;
import java.util.List;

/** A stored run with the alerts it raised and what it did to incidents. */
public record RunOutcome(RunResult run, List<Alert> alerts, List<IncidentChange> incidents) {
    public RunOutcome {
        alerts = List.copyOf(alerts);
        incidents = List.copyOf(incidents);
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
