package dev.caretaker.incident;

/** What a run did to an incident: opened, reopened, updated, resolved, escalated or suppressed it. */
public record IncidentChange(String change, Incident incident, String detail) {
}
