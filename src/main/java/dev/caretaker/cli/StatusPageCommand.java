package dev.caretaker.cli;

import dev.caretaker.engine.Engine;
import dev.caretaker.engine.StatusPostDesk;
import dev.caretaker.status.StatusPost;
import dev.caretaker.status.StatusPosts;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker status-page}: the posts of the public status page, incidents and planned maintenance, and its subscribers. */
@Command(name = "status-page", description = {"Posts on the public status page: incidents and planned maintenance, and their updates;",
        "and the page's subscribers. Each post and update is kept in the store and written to the audit log."},
        subcommands = {StatusPageCommand.Post.class, StatusPageCommand.Update.class, StatusPageCommand.Posts.class,
                StatusSubscribersCommand.class})
final class StatusPageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A post in a few lines: number, kind, status, title, components, window, then its updates newest first. */
    static void print(PrintWriter out, StatusPost p, Instant now, ZoneId zone) {
        out.println(dev.caretaker.report.PlainText.oneLine("#" + p.id() + " " + p.kind() + " " + StatusPost.words(p.statusAt(now)) + ": " + p.title()
                + " (" + (p.components().isEmpty() ? "all components" : String.join(", ", p.components())) + ")"));
        if (p.maintenance()) {
            out.println("    window " + IncidentsCommand.time(p.startsAt(), zone) + " until " + IncidentsCommand.time(p.endsAt(), zone));
        }
        for (StatusPost.Update u : p.updates()) {
            out.println(dev.caretaker.report.PlainText.oneLine("    " + IncidentsCommand.time(u.at(), zone) + "  " + StatusPost.words(u.status())
                    + " by " + u.createdBy() + (u.notifies() ? "" : " (quiet)") + ": " + u.body()));
        }
    }

    private static String by(String by) {
        return Optional.ofNullable(by).orElse(System.getProperty("user.name", "someone"));
    }

    private static Integer done(CommandLine.Model.CommandSpec spec, FormatOption format, Engine engine, StatusPost p) {
        PrintWriter out = spec.commandLine().getOut();
        Instant now = engine.clock().instant();
        format.print(out, StatusPostDesk.toMap(p, true, now), () -> print(out, p, now, engine.config().timezone()));
        return 0;
    }

    @Command(name = "post", description = {"Post an incident (or with --maintenance a planned maintenance) on the status page.",
            "Statuses of an incident: investigating, identified, monitoring, resolved; of a maintenance: scheduled,",
            "in_progress, completed. Times: 2026-03-06T22:00 in the config's timezone, 2026-03-06 for its midnight, or",
            "with an offset (2026-03-06T21:00Z)."})
    static final class Post implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--title", required = true, paramLabel = "TEXT", description = "what the public reads as its heading")
        String title;

        @Option(names = "--status", required = true, paramLabel = "STATUS", description = "its first status")
        String status;

        @Option(names = "--message", required = true, paramLabel = "TEXT", description = "its first update's text")
        String message;

        @Option(names = "--component", paramLabel = "NAME", description = "a component of status_page it affects (repeat; none: all)")
        List<String> components = new ArrayList<>();

        @Option(names = "--maintenance", description = "a planned maintenance, with --from and --to")
        boolean maintenance;

        @Option(names = "--from", paramLabel = "WHEN", description = "when the maintenance starts")
        String from;

        @Option(names = "--to", paramLabel = "WHEN", description = "when the maintenance ends")
        String to;

        @Option(names = "--quiet", description = "do not tell the status page's subscribers")
        boolean quiet;

        @Option(names = "--by", paramLabel = "NAME", description = "who posts, for the audit log (default: the login name)")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!maintenance && (from != null || to != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from and --to are for a maintenance: add --maintenance");
            }
            if (maintenance && (from == null || to == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a maintenance needs --from and --to");
            }
            return config.withEngine(spec, true, engine -> {
                ZoneId zone = engine.config().timezone();
                Instant a = maintenance ? at("--from", from, zone) : null;
                Instant b = maintenance ? at("--to", to, zone) : null;
                StatusPost p = engine.statusPosts().post(new StatusPosts.Draft(maintenance ? StatusPost.MAINTENANCE : StatusPost.INCIDENT, title,
                        components, status, message, a, b, !quiet), by(by));
                return done(spec, format, engine, p);
            });
        }

        private static Instant at(String option, String text, ZoneId zone) {
            try {
                return StatusPost.instant(text, zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "update", description = {"Add an update to a post: its new status and what to tell.",
            "Resolved or completed closes the post; a resolved incident takes no more updates but one back to",
            "investigating, which reopens it."})
    static final class Update implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "ID", description = "the post's number (caretaker status-page posts)")
        long id;

        @Option(names = "--status", required = true, paramLabel = "STATUS", description = "its new status")
        String status;

        @Option(names = "--message", required = true, paramLabel = "TEXT", description = "the update's text")
        String message;

        @Option(names = "--quiet", description = "do not tell the status page's subscribers")
        boolean quiet;

        @Option(names = "--by", paramLabel = "NAME", description = "who updates, for the audit log (default: the login name)")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, true, engine -> {
                StatusPost p;
                try {
                    p = engine.statusPosts().update(id, status, message, !quiet, by(by));
                } catch (java.util.NoSuchElementException | IllegalStateException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                return done(spec, format, engine, p);
            });
        }
    }

    @Command(name = "posts", description = {"The open posts of the status page with their updates, newest first.",
            "With --all, every post of the last 90 days."})
    static final class Posts implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--all", description = "every post of the last 90 days, closed ones too")
        boolean all;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                Instant now = engine.clock().instant();
                Map<Long, StatusPost> posts = new LinkedHashMap<>();
                if (all) {
                    engine.statusPosts().recent().forEach(p -> posts.put(p.id(), p));
                }
                engine.statusPosts().open().forEach(p -> posts.putIfAbsent(p.id(), p));
                List<StatusPost> list = posts.values().stream().sorted((x, y) -> y.createdAt().compareTo(x.createdAt())).toList();
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, list.stream().map(p -> StatusPostDesk.toMap(p, true, now)).toList(), () -> {
                    if (list.isEmpty()) {
                        out.println(all ? "no posts in the last 90 days" : "no open posts (--all shows the last 90 days)");
                    }
                    list.forEach(p -> print(out, p, now, engine.config().timezone()));
                });
                return 0;
            });
        }
    }
}
