package dev.caretaker.incident;

import java.time.Instant;

/** One entry of an incident's timeline. */
public record IncidentEvent(long incidentId, Instant at, String kind, Long runId, String actor, String detail) {
}
