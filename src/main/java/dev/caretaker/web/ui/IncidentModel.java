package dev.caretaker.web.ui;

import java.util.List;

/**
 * An incident with its timeline; {@code canAct} when the viewer may acknowledge and resolve; its runbook (steps, or a link
 * when {@code runbookLink}) or null; {@code next}: what pages next and when, or null (acknowledged, resolved, muted, or nothing more).
 */
public record IncidentModel(Chrome chrome, IncidentRow incident, String severity, List<EventRow> timeline, boolean canAct, String runbook,
                            boolean runbookLink, String next) {
}
