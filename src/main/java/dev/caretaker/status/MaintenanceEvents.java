package dev.caretaker.status;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.MaintenanceWindow;
import dev.caretaker.config.StatusPageConfig;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The starts and ends of maintenance that came due lately: the config's {@code maintenance:} windows (a cron start with a
 * duration, or from/to), the windows set at run time (the API's, ended early or not) and the maintenance posts of the status
 * page. Each has a key of its own, so it is told once whoever looks.
 */
final class MaintenanceEvents {
    /**
     * A start or end at {@code at}: {@code key} names it for good; {@code components} are the page's components it touches
     * (empty: none, so subscribers are not told); {@code title} is a post's public title or null; {@code label} is what the
     * team is told it is (a window's name, checks and reason).
     */
    record Event(String key, boolean start, Instant at, Instant startsAt, Instant endsAt, List<String> components, String title,
                 String label) {
    }

    private MaintenanceEvents() {
    }

    /** The events from {@code now - lookback} to {@code now}, oldest first. */
    static List<Event> due(Handle h, CaretakerConfig config, Instant now, Duration lookback) {
        Instant from = now.minus(lookback);
        List<Event> out = new ArrayList<>();
        StatusPageConfig page = config.statusPage();
        List<MaintenanceWindow> windows = config.maintenance();
        for (int i = 0; i < windows.size(); i++) {
            MaintenanceWindow w = windows.get(i);
            String name = w.name() == null || w.name().isBlank() ? "#" + (i + 1) : w.name();
            String label = "maintenance window '" + name + "' of " + checks(w.checks());
            if (w.from() != null) {
                add(out, "config:" + name + ":" + w.from().getEpochSecond(), w.from(), w.to(), components(page, w.checks()), null, label, from, now);
            } else if (w.schedule() != null) {
                ZonedDateTime t = w.schedule().previous(now.atZone(config.timezone()));
                Instant bound = from.minus(w.duration());
                for (int n = 0; t != null && !t.toInstant().isBefore(bound) && n < 1000; n++) {
                    Instant start = t.toInstant();
                    add(out, "config:" + name + ":" + start.getEpochSecond(), start, start.plus(w.duration()), components(page, w.checks()), null,
                            label, from, now);
                    t = w.schedule().previous(t.minusMinutes(1));
                }
            }
        }
        h.createQuery("SELECT id, checks, starts_at, LEAST(ends_at, COALESCE(ended_at, ends_at)) AS ends_at, reason FROM maintenance_window "
                        + "WHERE system = :s AND ((starts_at > :from AND starts_at <= :now) OR (LEAST(ends_at, COALESCE(ended_at, ends_at)) > :from "
                        + "AND LEAST(ends_at, COALESCE(ended_at, ends_at)) <= :now))")
                .bind("s", config.system()).bind("from", Timestamp.from(from)).bind("now", Timestamp.from(now))
                .map((rs, ctx) -> {
                    List<String> checks = Arrays.asList((String[]) rs.getArray("checks").getArray());
                    String reason = rs.getString("reason");
                    String label = "maintenance window #" + rs.getLong("id") + " of " + checks(checks)
                            + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
                    List<Event> two = new ArrayList<>();
                    add(two, "silence:" + rs.getLong("id"), rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                            components(page, checks), null, label, from, now);
                    return two;
                }).forEach(out::addAll);
        if (page.enabled()) {
            h.createQuery("SELECT id, title, components, starts_at, LEAST(ends_at, COALESCE(closed_at, ends_at)) AS ends_at FROM status_post "
                            + "WHERE system = :s AND kind = 'maintenance' AND ((starts_at > :from AND starts_at <= :now) "
                            + "OR (LEAST(ends_at, COALESCE(closed_at, ends_at)) > :from AND LEAST(ends_at, COALESCE(closed_at, ends_at)) <= :now))")
                    .bind("s", config.system()).bind("from", Timestamp.from(from)).bind("now", Timestamp.from(now))
                    .map((rs, ctx) -> {
                        List<String> components = Arrays.asList((String[]) rs.getArray("components").getArray());
                        String title = rs.getString("title");
                        List<Event> two = new ArrayList<>();
                        add(two, "post:" + rs.getLong("id"), rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                                components.isEmpty() ? allComponents(page) : components, title, "status-page post '" + title + "'", from, now);
                        return two;
                    }).forEach(out::addAll);
        }
        out.sort(java.util.Comparator.comparing(Event::at).thenComparing(Event::key));
        return out;
    }

    private static void add(List<Event> out, String key, Instant start, Instant end, List<String> components, String title, String label,
                            Instant from, Instant now) {
        if (start.isAfter(from) && !start.isAfter(now)) {
            out.add(new Event("maintenance:" + key + ":start", true, start, start, end, components, title, label));
        }
        if (end.isAfter(from) && !end.isAfter(now)) {
            out.add(new Event("maintenance:" + key + ":end", false, end, start, end, components, title, label));
        }
    }

    private static String checks(List<String> checks) {
        return checks.isEmpty() ? "all checks" : "checks " + String.join(", ", checks);
    }

    /** The page's components a window over {@code checks} touches (every one when it names none). */
    static List<String> components(StatusPageConfig page, List<String> checks) {
        Set<String> names = new LinkedHashSet<>();
        page.groups().forEach(g -> g.components().stream().filter(c -> checks.isEmpty() || c.checks().stream().anyMatch(checks::contains))
                .forEach(c -> names.add(c.name())));
        return List.copyOf(names);
    }

    private static List<String> allComponents(StatusPageConfig page) {
        return components(page, List.of());
    }
}
