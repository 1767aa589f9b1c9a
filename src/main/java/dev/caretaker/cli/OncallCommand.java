package dev.caretaker.cli;

import dev.caretaker.engine.OncallDesk;
import dev.caretaker.oncall.OncallOverride;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker oncall}: who is on call, and overrides ("I'll take Friday"). */
@Command(name = "oncall", description = "Who is on call by the schedules under oncall:, and overrides of their turns.",
        subcommands = {OncallCommand.ListSchedules.class, OncallCommand.Now.class, OncallCommand.Take.class,
                OncallCommand.ListOverrides.class, OncallCommand.Remove.class, OncallCommand.FeedUrl.class})
final class OncallCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String line(OncallDesk.Standing s) {
        ZoneId zone = s.schedule().zone();
        String who = s.current().map(c -> c.who() + (c.override() ? " (override)" : "")
                + (c.until() == null ? " for over a year" : " until " + IncidentsCommand.time(c.until(), zone)))
                .orElse("nobody");
        // with nobody on call now, say when the next one starts
        String next = s.next().map(n -> ", then " + n.who() + (s.current().isEmpty() && n.from() != null
                ? " from " + IncidentsCommand.time(n.from(), zone) : "")).orElse("");
        return String.format("%-16s %s%s", s.schedule().name(), who, next);
    }

    @Command(name = "list", description = "Every schedule: who is on call now, until when, and who is next.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                List<OncallDesk.Standing> all = engine.oncall().now();
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, all.stream().map(OncallDesk.Standing::toMap).toList(), () -> {
                    if (all.isEmpty()) {
                        out.println("no schedules under 'oncall' in " + engine.config().file());
                    }
                    all.forEach(s -> out.println(line(s)));
                });
                return 0;
            });
        }
    }

    @Command(name = "now", description = {"Who is on call now by one schedule, and the channels that reach them.",
            "Exits 1 when the schedule has nobody on call now."})
    static final class Now implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "SCHEDULE", description = "a schedule under oncall:")
        String schedule;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                OncallDesk.Standing s = found(() -> engine.oncall().standing(schedule));
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, s.toMap(), () -> {
                    out.println(line(s));
                    if (!s.channels().isEmpty()) {
                        out.println("reached through: " + String.join(", ", s.channels()));
                    }
                });
                return s.current().isPresent() ? 0 : 1;
            });
        }
    }

    @Command(name = "override", description = {"Put someone on call for a while, whoever the rotation says (I'll take Friday).",
            "The override beats every layer of the schedule from --from until --until; where two overlap, the newer wins.",
            "Kept in the store and written to the audit log. Times: 2026-03-06T18:00 in the schedule's zone, 2026-03-06 for",
            "its midnight, or with an offset (2026-03-06T17:00Z)."})
    static final class Take implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "SCHEDULE", description = "a schedule under oncall:")
        String schedule;

        @Option(names = "--who", required = true, paramLabel = "NAME", description = "who takes the turn: a name under people:")
        String who;

        @Option(names = "--from", required = true, paramLabel = "WHEN", description = "when it starts")
        String from;

        @Option(names = "--until", required = true, paramLabel = "WHEN", description = "when it ends")
        String until;

        @Option(names = "--by", paramLabel = "NAME", description = "who sets it, for the audit log (default: the --who person)")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, true, engine -> {
                ZoneId zone = found(() -> engine.oncall().schedule(schedule)).zone();
                Instant a = at("--from", from, zone);
                Instant b = at("--until", until, zone);
                OncallOverride o = found(() -> engine.oncall().override(schedule, who, a, b, by == null ? who : by));
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, OncallDesk.toMap(o), () -> out.println("override #" + o.id() + ": " + o.who() + " is on call for "
                        + o.schedule() + " from " + IncidentsCommand.time(o.from(), zone) + " until " + IncidentsCommand.time(o.until(), zone)));
                return 0;
            });
        }

        private static Instant at(String option, String text, ZoneId zone) {
            try {
                return OncallOverride.instant(text, zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "overrides", description = {"The overrides on now or to come, soonest first, of one schedule or of all.",
            "Each with its id, which oncall remove takes."})
    static final class ListOverrides implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "SCHEDULE", arity = "0..1", description = "a schedule under oncall: (default: every schedule)")
        String schedule;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                List<OncallOverride> all = found(() -> engine.oncall().overrides(schedule));
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, all.stream().map(OncallDesk::toMap).toList(), () -> {
                    if (all.isEmpty()) {
                        out.println("no overrides on now or to come" + (schedule == null ? "" : " for " + schedule));
                    }
                    for (OncallOverride o : all) {
                        ZoneId zone = engine.oncall().schedule(o.schedule()).zone();
                        out.println(String.format("#%-5d %-16s %s from %s until %s (set by %s)", o.id(), o.schedule(), o.who(),
                                IncidentsCommand.time(o.from(), zone), IncidentsCommand.time(o.until(), zone), o.createdBy()));
                    }
                });
                return 0;
            });
        }
    }

    @Command(name = "remove", description = {"Remove an override by its id (see oncall overrides): the rotation says again who",
            "is on call for its time. Written to the audit log. An override that has ended stays, as the record."})
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "ID", description = "the override's id")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who removes it, for the audit log")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, true, engine -> {
                OncallOverride o = found(() -> engine.oncall().removeOverride(null, id, by));
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, OncallDesk.toMap(o), () -> out.println("override #" + o.id() + " removed: " + o.who()
                        + " is no longer on call for " + o.schedule() + " by it"));
                return 0;
            });
        }
    }

    @Command(name = "feed-url", description = {"Print a schedule's signed iCalendar feed URL, for calendar apps that cannot send a",
            "token. Anyone with the URL can read the schedule; a new CARETAKER_SECRET_KEY ends every URL given out. Run it",
            "with the server's key (the same CARETAKER_SECRET_KEY or store home)."})
    static final class FeedUrl implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "SCHEDULE", description = "a schedule under oncall:")
        String schedule;

        @Option(names = "--base-url", paramLabel = "URL", description = "the server's public URL (default: auth.public_url)")
        String baseUrl;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                String base = baseUrl != null ? checked(baseUrl) : engine.config().auth().publicUrl().map(java.net.URI::toString)
                        .orElseThrow(() -> new IllegalArgumentException("the feed URL needs the server's public URL: pass --base-url "
                                + "https://caretaker.example.com, or set auth.public_url in " + engine.config().file()));
                spec.commandLine().getOut().println(found(() -> engine.oncall().feedUrl(schedule, base)));
                return 0;
            });
        }

        private static String checked(String url) {
            try {
                java.net.URI u = new java.net.URI(url.trim());
                if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null
                        && u.getQuery() == null && u.getFragment() == null) {
                    return u.toString();
                }
            } catch (java.net.URISyntaxException e) {
                // said below
            }
            throw new IllegalArgumentException("--base-url: '" + url + "' is not an http:// or https:// URL such as https://caretaker.example.com");
        }
    }

    /** What {@code work} gives; a schedule that is not there is a sentence, as every command says it. */
    private static <T> T found(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
