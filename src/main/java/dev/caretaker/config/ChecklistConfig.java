package dev.caretaker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code checklists:}: the human half of a manual. On each occurrence of {@code schedule} an instance opens
 * with these items; an item naming a {@code check} ticks itself when that check's latest result since the occurrence is ok,
 * the others are ticked by a person. An instance not complete {@code due} after it opened is a {@code checklist.overdue}
 * finding of {@code severity}, so it is an incident, routed and prioritised like any other.
 */
public record ChecklistConfig(String name, String description, String schedule, Duration due, Severity severity, List<Item> items) {
    public static final Duration DEFAULT_DUE = Duration.ofHours(2);

    /** An item: what to do, the check that does it (if any) and how (a runbook: steps or a URL). */
    public record Item(String title, Optional<String> check, Optional<String> runbook) {
    }
}
