package dev.caretaker.incident;

import java.time.Instant;

/** One entry of an incident's timeline: {@code kind} is a change's label, or {@code muted}, {@code ticket}, {@code severity}. */
public record IncidentEvent(long incidentId, Instant at, String kind, Long runId, String actor, String detail) {
}
