package dev.caretaker.web.ui;

import java.util.List;

/** A page of incidents and the link to the next (older) page, or null. */
public record IncidentsModel(Chrome chrome, List<IncidentRow> rows, String next) {
}
