package dev.caretaker.web;

import dev.caretaker.engine.StatusPostDesk;
import dev.caretaker.status.StatusPost;
import dev.caretaker.web.ui.StatusModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status page's posts as the public sees them: open incidents on top, maintenance announced and under way, and the
 * history of the last 90 days by day, as Atlassian Statuspage's history shows it (a day without posts says so).
 */
final class StatusPostViews {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm z", Locale.ROOT);

    private StatusPostViews() {
    }

    /** Every post worth showing: those of the last 90 days and older ones still open, newest first. */
    static List<StatusPost> shown(StatusPostDesk desk) {
        Map<Long, StatusPost> all = new LinkedHashMap<>();
        desk.recent().forEach(p -> all.put(p.id(), p));
        desk.open().forEach(p -> all.putIfAbsent(p.id(), p));
        return all.values().stream().sorted((a, b) -> b.createdAt().compareTo(a.createdAt())).toList();
    }

    static StatusModel.Posts model(List<StatusPost> posts, Instant now, ZoneId zone) {
        List<StatusModel.PostView> incidents = posts.stream().filter(p -> !p.maintenance() && p.open()).map(p -> view(p, now, zone)).toList();
        List<StatusModel.PostView> maintenance = posts.stream().filter(p -> p.maintenance() && !p.statusAt(now).equals("completed"))
                .sorted((a, b) -> a.startsAt().compareTo(b.startsAt())).map(p -> view(p, now, zone)).toList();
        LocalDate today = now.atZone(zone).toLocalDate();
        List<StatusModel.HistoryDay> history = new ArrayList<>();
        for (int i = 0; i < StatusPostDesk.HISTORY_DAYS; i++) {
            LocalDate d = today.minusDays(i);
            history.add(new StatusModel.HistoryDay(DAY.format(d), posts.stream().filter(p -> p.createdAt().atZone(zone).toLocalDate().equals(d))
                    .map(p -> view(p, now, zone)).toList()));
        }
        return new StatusModel.Posts(incidents, maintenance, history);
    }

    static StatusModel.PostView view(StatusPost p, Instant now, ZoneId zone) {
        String status = p.statusAt(now);
        String window = "";
        if (p.maintenance()) {
            var a = p.startsAt().atZone(zone);
            var b = p.endsAt().atZone(zone);
            // one day: "2026-06-12 22:00–23:30 CEST"; across days or a change of offset, each end in full
            String span = a.toLocalDate().equals(b.toLocalDate()) && a.getOffset().equals(b.getOffset())
                    ? DATE_CLOCK.format(a) + "–" + CLOCK.format(b) : TIME.format(a) + " – " + TIME.format(b);
            window = switch (status) {
                case "scheduled" -> "Scheduled for " + span;
                case "in_progress" -> "In progress: " + span;
                default -> "Completed: " + span;
            };
        }
        List<StatusModel.UpdateView> updates = p.updates().stream().map(u -> new StatusModel.UpdateView(capital(StatusPost.words(u.status())),
                u.body(), TIME.format(u.at().atZone(zone)))).toList();
        return new StatusModel.PostView(p.id(), p.kind(), p.title(), String.join(", ", p.components()), capital(StatusPost.words(status)),
                status, window, updates);
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
