package dev.caretaker.web;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.MaintenanceWindow;
import dev.caretaker.config.StatusPageConfig;
import dev.caretaker.check.Finding;
import dev.caretaker.config.Severity;
import dev.caretaker.engine.Engine;
import dev.caretaker.history.CheckStates;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.Silences;
import dev.caretaker.schedule.Server;
import dev.caretaker.web.ui.StatusModel;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The public status page ({@code /status}, {@code /status.json}, {@code /badge/CHECK.svg}), served only when the config has
 * {@code status_page:}. It shows component names, their state (up, degraded, down, maintenance, unknown), 90 days of
 * uptime, current incidents by component and upcoming maintenance, and the posts operators wrote for the public (open
 * incidents, planned maintenance, 90 days of history; also as an Atom feed at {@code /status/feed.atom}); never an
 * incident's internal title, a finding's text, a check that the page does not name, a post's author, or anything from the
 * store beyond that.
 */
public final class StatusPage {
    static final int DAYS = 90;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");
    /** Component states, best first: Caretaker's one order of statuses (critical > unknown > warning > ok), in the page's words. */
    private static final List<String> ORDER = List.of("none", "up", "maintenance", "degraded", "unknown", "down");

    private final Server server;
    private final Clock clock;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    public StatusPage(Server server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    public void register(JavalinConfig config) {
        config.routes.get("/status", ctx -> {
            StatusModel m = model(enabled(ctx));
            StringOutput out = new StringOutput();
            templates.render("status.jte", Map.of("model", m, "subscribe", server.config().statusPage().subscriptions().email()), out);
            ctx.header("Cache-Control", "max-age=30").contentType("text/html; charset=utf-8").result(out.toString());
        });
        config.routes.get("/status.json", ctx -> {
            StatusPageConfig sp = enabled(ctx);
            Instant now = clock.instant();
            List<dev.caretaker.status.StatusPost> posts = StatusPostViews.shown(server.engine().statusPosts()); // read once for both
            Map<String, Object> out = json(model(sp, posts, now));
            out.put("posts", posts.stream().map(p -> dev.caretaker.engine.StatusPostDesk.toMap(p, false, now)).toList());
            ctx.header("Cache-Control", "max-age=30").json(out);
        });
        config.routes.get("/status/feed.atom", ctx -> {
            StatusPageConfig sp = enabled(ctx);
            String feed = StatusFeed.atom(sp.title(), server.config().system(), StatusFeed.base(ctx, server.config().auth()),
                    StatusPostViews.shown(server.engine().statusPosts()), clock.instant(), server.config().timezone());
            ctx.header("Cache-Control", "max-age=30").contentType(StatusFeed.CONTENT_TYPE).result(feed);
        });
        config.routes.get("/badge/{check}", this::badge);
    }

    private StatusPageConfig enabled(Context ctx) {
        StatusPageConfig sp = server.config().statusPage();
        if (!sp.enabled()) {
            throw new Dashboard.Refusal(404, "No status page: this server's config has no status_page.");
        }
        return sp;
    }

    /** What one component is now, judged from the latest results of its checks (or their findings about its subject). */
    private String state(StatusPageConfig.Component c, Map<String, String> checkStates, Map<String, Map<String, String>> subjectSeverity,
                         Map<String, Set<String>> subjectsSeen, List<MaintenanceWindow> windows, Instant now, ZoneId zone) {
        if (c.subject() != null && c.checks().stream().noneMatch(k -> subjectsSeen.getOrDefault(k, Set.of()).contains(c.subject()))
                && c.checks().stream().allMatch(checkStates::containsKey)) {
            return "none"; // a matrix cell the check does not know (a retailer without that workflow)
        }
        for (String check : c.checks()) {
            if (windows.stream().anyMatch(w -> w.covers(now, check, zone))) {
                return "maintenance";
            }
        }
        String worst = "up";
        for (String check : c.checks()) {
            String status = checkStates.get(check);
            String s;
            if (status == null || status.equals("unknown")) {
                s = "unknown";
            } else if (c.subject() == null) {
                s = status.equals("critical") ? "down" : status.equals("warning") ? "degraded" : "up";
            } else {
                String sev = subjectSeverity.getOrDefault(check, Map.of()).get(c.subject());
                s = "critical".equals(sev) ? "down" : "warning".equals(sev) ? "degraded" : "up";
            }
            worst = ORDER.indexOf(s) > ORDER.indexOf(worst) ? s : worst;
        }
        return worst;
    }

    StatusModel model(StatusPageConfig sp) {
        return model(sp, StatusPostViews.shown(server.engine().statusPosts()), clock.instant());
    }

    /** The page at {@code now}, with the {@code posts} it shows (the last 90 days' and any older one still open). */
    StatusModel model(StatusPageConfig sp, List<dev.caretaker.status.StatusPost> posts, Instant now) {
        CaretakerConfig config = server.config();
        ZoneId zone = config.timezone();
        Engine engine = server.engine();
        Set<String> named = new LinkedHashSet<>();
        sp.groups().forEach(g -> g.components().forEach(c -> named.addAll(c.checks())));
        Map<String, String> checkStates = new HashMap<>();
        engine.checks().states().stream().filter(st -> !st.pending()).forEach(st -> checkStates.put(st.check(), st.label()));
        // the worst severity each subject has in its check's latest result, and the subjects it speaks of: its findings'
        // subjects and its measurements' label values
        Map<String, Map<String, String>> subjectSeverity = new HashMap<>();
        Map<String, Set<String>> subjectsSeen = new HashMap<>();
        for (String check : named) {
            if (!checkStates.containsKey(check)) {
                continue;
            }
            engine.checks().latest(check).ifPresent(r -> {
                Map<String, String> worst = new HashMap<>();
                for (Finding f : r.findings()) {
                    worst.merge(f.subject(), f.severity().label(), (a, b) -> Severity.parse(a).worseThan(Severity.parse(b)) || a.equals(b) ? a : b);
                }
                subjectSeverity.put(check, worst);
                Set<String> seen = new HashSet<>(worst.keySet());
                r.measurements().forEach(m -> seen.addAll(m.labels().values()));
                subjectsSeen.put(check, seen);
            });
        }
        List<MaintenanceWindow> windows = engine.maintenance().windows();
        List<Silences.Silence> silences = engine.maintenance().current();
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant since = today.minusDays(DAYS - 1).atStartOfDay(zone).toInstant();

        // a component an open incident post names keeps its checks' state and is marked as having an open post
        Set<String> posted = new HashSet<>();
        posts.stream().filter(p -> !p.maintenance() && p.open()).forEach(p -> posted.addAll(p.components()));
        // a maintenance post in progress shows its components (all, when it names none) under maintenance, as a window does
        List<dev.caretaker.status.StatusPost> working = posts.stream().filter(p -> p.maintenance() && p.statusAt(now).equals("in_progress")).toList();
        boolean allWorking = working.stream().anyMatch(p -> p.components().isEmpty());
        Set<String> underWorks = new HashSet<>();
        working.forEach(p -> underWorks.addAll(p.components()));
        List<StatusModel.GroupView> groups = new ArrayList<>();
        Map<String, String> componentStates = new LinkedHashMap<>();
        for (StatusPageConfig.Group g : sp.groups()) {
            List<StatusModel.ComponentView> views = new ArrayList<>();
            for (StatusPageConfig.Component c : g.components()) {
                String state = state(c, checkStates, subjectSeverity, subjectsSeen, windows, now, zone);
                if (!state.equals("none") && (allWorking || underWorks.contains(c.name()))) {
                    state = "maintenance";
                }
                componentStates.put(c.name(), state);
                views.add(new StatusModel.ComponentView(c.name(), state, days(c, since, today, zone), "", posted.contains(c.name())));
            }
            views = views.stream().map(v -> new StatusModel.ComponentView(v.name(), v.state(), v.days(), uptime(v.days()), v.posted())).toList();
            if (g.matrix()) {
                List<StatusModel.RowView> rows = new ArrayList<>();
                for (int r = 0; r < g.rows().size(); r++) {
                    rows.add(new StatusModel.RowView(g.rows().get(r), views.subList(r * g.columns().size(), (r + 1) * g.columns().size())));
                }
                groups.add(new StatusModel.GroupView(g.name(), views, g.columns(), rows));
            } else {
                groups.add(new StatusModel.GroupView(g.name(), views, List.of(), List.of()));
            }
        }
        String overall = componentStates.values().stream().filter(x -> !x.equals("none"))
                .reduce("up", (a, b) -> ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a);

        // current incidents, by component and in public words only
        List<String> incidents = new ArrayList<>();
        for (Incident i : engine.incidents().active()) {
            for (StatusPageConfig.Group g : sp.groups()) {
                for (StatusPageConfig.Component c : g.components()) {
                    if (c.checks().contains(i.check()) && (c.subject() == null || c.subject().equals(i.subject()))) {
                        incidents.add(c.name() + ": " + (i.severity().label().equals("critical") ? "outage" : "degraded performance")
                                + " since " + TIME.format(i.openedAt().atZone(zone)) + (i.state() == Incident.State.ACKNOWLEDGED ? ", being worked on" : ""));
                    }
                }
            }
        }
        List<String> maintenance = new ArrayList<>();
        for (Silences.Silence s : silences) {
            affected(sp, s.checks()).ifPresent(a -> maintenance.add(a + ": " + TIME.format(s.startsAt().atZone(zone)) + " to "
                    + TIME.format(s.window().to().atZone(zone))));
        }
        for (MaintenanceWindow w : config.maintenance()) {
            Instant start = w.from();
            Instant end = w.to();
            if (w.schedule() != null) {
                ZonedDateTime next = w.schedule().next(now.atZone(zone));
                ZonedDateTime prev = w.schedule().previous(now.atZone(zone));
                if (prev != null && now.isBefore(prev.toInstant().plus(w.duration()))) {
                    next = prev;
                }
                start = next == null ? null : next.toInstant();
                end = next == null ? null : next.toInstant().plus(w.duration());
            }
            Optional<String> affected = affected(sp, w.checks());
            if (start != null && end.isAfter(now) && start.isBefore(now.plus(Duration.ofDays(14))) && affected.isPresent()) {
                maintenance.add(affected.get() + ": " + TIME.format(start.atZone(zone)) + " to " + TIME.format(end.atZone(zone)));
            }
        }
        return new StatusModel(sp.title(), overall, TIME.format(now.atZone(zone)), groups, incidents, maintenance,
                StatusPostViews.model(posts, now, zone));
    }

    /**
     * How the page names a maintenance of {@code checks} (all checks when empty): by the components it touches; empty when it
     * touches none, so a window on a check the page does not show is not shown either.
     */
    private static Optional<String> affected(StatusPageConfig sp, List<String> checks) {
        Set<String> names = new LinkedHashSet<>();
        sp.groups().forEach(g -> g.components().stream().filter(c -> checks.isEmpty() || c.checks().stream().anyMatch(checks::contains))
                .forEach(c -> names.add(c.name())));
        if (names.isEmpty()) {
            return checks.isEmpty() ? Optional.of("Maintenance") : Optional.empty();
        }
        return Optional.of("Maintenance of " + String.join(", ", names));
    }

    /** 90 daily bars: the share of the component's runs that were not down that day (no bar colour without runs). */
    private List<StatusModel.Day> days(StatusPageConfig.Component c, Instant since, LocalDate today, ZoneId zone) {
        Map<LocalDate, CheckStates.Day> byDay = server.engine().checks().days(c.checks(), c.subject(), since);
        List<StatusModel.Day> out = new ArrayList<>();
        for (int i = DAYS - 1; i >= 0; i--) {
            LocalDate d = today.minusDays(i);
            CheckStates.Day day = byDay.get(d);
            long[] n = day == null ? null : new long[] {day.runs(), day.down()};
            if (n == null || n[0] == 0) {
                out.add(new StatusModel.Day(d.toString(), "none", "no data", 0, 0));
            } else {
                double up = 100.0 * (n[0] - n[1]) / n[0];
                out.add(new StatusModel.Day(d.toString(), up >= 99.95 ? "up" : up >= 95 ? "minor" : "major",
                        String.format(Locale.ROOT, "%.2f %% up (%d of %d runs)", up, n[0] - n[1], n[0]), n[0] - n[1], n[0]));
            }
        }
        return out;
    }

    private static String uptime(List<StatusModel.Day> days) {
        long runs = days.stream().mapToLong(StatusModel.Day::runs).sum();
        long up = days.stream().mapToLong(StatusModel.Day::upRuns).sum();
        return runs == 0 ? "no data" : String.format(Locale.ROOT, "%.2f %%", 100.0 * up / runs);
    }

    private static Map<String, Object> json(StatusModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", m.title());
        out.put("status", m.overall());
        out.put("updated", m.updated());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (StatusModel.GroupView g : m.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("name", g.name());
            gm.put("components", g.components().stream().map(c -> {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", c.name());
                cm.put("status", c.state());
                cm.put("open_post", c.posted());
                cm.put("uptime_90d", c.uptime());
                cm.put("days", c.days().stream().map(d -> Map.of("date", d.date(), "status", d.css())).toList());
                return cm;
            }).toList());
            if (g.matrix()) {
                gm.put("columns", g.columns());
                gm.put("rows", g.rows().stream().map(r -> Map.of("name", r.name(), "cells",
                        r.cells().stream().map(StatusModel.ComponentView::state).toList())).toList());
            }
            groups.add(gm);
        }
        out.put("groups", groups);
        out.put("incidents", m.incidents());
        out.put("maintenance", m.maintenance());
        return out;
    }

    /** A flat badge for a check the status page names: its name and its state, as shields-style SVG. */
    private void badge(Context ctx) {
        StatusPageConfig sp = enabled(ctx);
        String file = ctx.pathParam("check");
        String check = file.endsWith(".svg") ? file.substring(0, file.length() - 4) : file;
        boolean named = sp.groups().stream().anyMatch(g -> g.components().stream().anyMatch(c -> c.checks().contains(check)));
        if (!named) {
            throw new Dashboard.Refusal(404, "No badge: the status page names no check '" + check + "'.");
        }
        CheckStates.CheckState checkState = server.engine().checks().state(check);
        String status = checkState.pending() ? "unknown" : checkState.label();
        List<MaintenanceWindow> windows = server.engine().maintenance().windows();
        String state = windows.stream().anyMatch(w -> w.covers(clock.instant(), check, server.config().timezone())) ? "maintenance"
                : switch (status) {
                    case "ok" -> "up";
                    case "warning" -> "degraded";
                    case "critical" -> "down";
                    default -> "unknown";
                };
        String color = switch (state) {
            case "up" -> "#2da44e";
            case "degraded" -> "#bf8700";
            case "down" -> "#cf222e";
            case "maintenance" -> "#0969da";
            default -> "#6e7781";
        };
        int left = 6 * check.length() + 10;
        int right = 6 * state.length() + 10;
        String label = escape(check);
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (left + right) + "\" height=\"20\" role=\"img\" aria-label=\"" + label + ": "
                + state + "\"><title>" + label + ": " + state + "</title><rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/><rect x=\"" + left
                + "\" width=\"" + right + "\" height=\"20\" fill=\"" + color + "\"/><g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" "
                + "font-size=\"11\"><text x=\"5\" y=\"14\">" + label + "</text><text x=\"" + (left + 5) + "\" y=\"14\">" + state + "</text></g></svg>";
        ctx.header("Cache-Control", "max-age=60").contentType("image/svg+xml").result(svg);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
