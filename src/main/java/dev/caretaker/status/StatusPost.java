package dev.caretaker.status;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A post of the status page, written by an operator: an incident (investigating, identified, monitoring, resolved) or a
 * planned maintenance with its window (scheduled, in progress, completed), the components it names (none: the whole
 * page), and its updates, newest first. Closed once resolved or completed.
 */
public record StatusPost(long id, String kind, String title, List<String> components, String status, Instant startsAt, Instant endsAt,
                         Instant createdAt, String createdBy, Instant closedAt, List<Update> updates) {
    public static final String INCIDENT = "incident";
    public static final String MAINTENANCE = "maintenance";
    /** An incident's statuses, in their usual order; the last closes it. */
    public static final List<String> INCIDENT_STATUSES = List.of("investigating", "identified", "monitoring", "resolved");
    /** A maintenance's statuses; the last closes it. */
    public static final List<String> MAINTENANCE_STATUSES = List.of("scheduled", "in_progress", "completed");

    /** One entry of a post's timeline: its status, its text, when and by whom; {@code notify}: subscribers are told of it (column notify). */
    public record Update(long id, String status, String body, Instant at, String createdBy, boolean notifies) {
    }

    public boolean maintenance() {
        return kind.equals(MAINTENANCE);
    }

    public boolean open() {
        return closedAt == null;
    }

    /** When the post last changed: its newest update. */
    public Instant updatedAt() {
        return updates.isEmpty() ? createdAt : updates.get(0).at();
    }

    /** The statuses a post of {@code kind} may have. */
    public static List<String> statuses(String kind) {
        return kind.equals(MAINTENANCE) ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
    }

    /** Whether {@code status} closes a post: resolved, completed. */
    public static boolean closing(String status) {
        return status.equals("resolved") || status.equals("completed");
    }

    /**
     * The status the page shows at {@code now}. An incident's is its latest update's. A maintenance moves with its window
     * unless a person said otherwise after the fact: scheduled until it starts, in progress inside it, completed after it
     * ends — unless its latest update came after the end (a person saying it runs late keeps it in progress).
     */
    public String statusAt(Instant now) {
        if (!maintenance() || status.equals("completed")) {
            return status;
        }
        if (!now.isBefore(endsAt)) {
            return updatedAt().isBefore(endsAt) ? "completed" : status;
        }
        if (!now.isBefore(startsAt)) {
            return "in_progress";
        }
        return status;
    }

    /** A status as words: "in_progress" is "in progress". */
    public static String words(String status) {
        return status.replace('_', ' ');
    }

    /** A time as people write it: 2026-03-06T18:00 in {@code zone}, 2026-03-06 (its midnight), or with an offset. */
    public static Instant instant(String text, ZoneId zone) {
        return dev.caretaker.config.WrittenTime.parse(text, zone, "the config's timezone");
    }
}
