package dev.caretaker.cli;

import dev.caretaker.config.IgnoreRule;
import dev.caretaker.engine.ExemptionDesk;
import dev.caretaker.incident.Exemptions.Exemption;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.PlainText;
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

/** {@code caretaker incidents ignore | ignored | unignore}: exemptions, the findings people said may be ignored. */
final class ExemptionCommands {
    private ExemptionCommands() {
    }

    static String line(Exemption e, ZoneId zone) {
        return PlainText.oneLine(String.format("#%-5d %-22s %-28s %-30s %s — %s (by %s, %s)", e.id(), e.check(), e.code(), e.subject(),
                e.until() == null ? "until removed" : "until " + IncidentsCommand.time(e.until(), zone), e.reason(), e.createdBy(),
                e.removedAt() != null ? "removed by " + e.removedBy() + " " + IncidentsCommand.time(e.removedAt(), zone)
                        : "set " + IncidentsCommand.time(e.createdAt(), zone)));
    }

    /** The command that removes exemption {@code id}, as it runs: the config given and the name given. */
    static String unignore(long id, ConfigOption config, String by) {
        return "caretaker incidents unignore " + id + " -c " + Shell.quote(config.file.toString()) + " --by " + Shell.quote(by);
    }

    /** What {@code work} gives; a number that names nothing is a sentence, as every command says it. */
    private static <T> T found(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Command(name = "ignore", description = {"Ignore the finding behind an incident, with a reason and maybe an end.",
            "The incident resolves as ignored, and no incident opens for its check, code and subject until the exemption ends",
            "or is removed (incidents unignore); the reports keep listing the finding as ignored. Written to the audit log."})
    static final class Ignore implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "ID", description = "the incident's number")
        long id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why it may be ignored (required)")
        String reason;

        @Option(names = "--until", paramLabel = "WHEN", description = "a date (2027-03-01), a date and time, or a duration "
                + "from now (30d); without it, until removed")
        String until;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who ignores it")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, true, engine -> {
                ZoneId zone = engine.config().timezone();
                Instant end;
                try {
                    end = until == null ? null : IgnoreRule.until(until, zone, engine.clock().instant());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--until: " + e.getMessage());
                }
                ExemptionDesk.Ignoring done;
                try {
                    done = found(() -> engine.exemptions().ignore(id, reason, end, by));
                } catch (ExemptionDesk.AlreadyIgnored e) {
                    throw new IllegalArgumentException(e.getMessage() + ": " + unignore(e.exemption().id(), config, by), e);
                }
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, JsonReport.exemption(done.exemption(), zone), () -> {
                    out.println(IncidentsCommand.line(done.incident()));
                    out.println((done.resolved() ? "resolved as ignored; " : "already resolved; ") + "exemption #" + done.exemption().id() + " "
                            + ExemptionDesk.until(done.exemption(), zone) + " (remove it with: " + unignore(done.exemption().id(), config, by) + ")");
                });
                return 0;
            });
        }
    }

    @Command(name = "ignored", description = {"The exemptions in force, newest first: what is ignored, why, by whom and until when.",
            "The config's own ignore: entries are no exemptions: the reports list what they ignored."})
    static final class Ignored implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--all", description = "also those removed or run out")
        boolean all;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                ZoneId zone = engine.config().timezone();
                List<Exemption> list = engine.exemptions().list(all);
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, list.stream().map(e -> JsonReport.exemption(e, zone)).toList(), () -> {
                    if (list.isEmpty()) {
                        out.println(all ? "no exemptions" : "no exemptions in force");
                    }
                    list.forEach(e -> out.println(line(e, zone)));
                });
                return 0;
            });
        }
    }

    @Command(name = "unignore", description = {"Remove an exemption: the next run judges its findings again.",
            "Removing one already removed changes nothing (exit 0). Written to the audit log."})
    static final class Unignore implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "EXEMPTION-ID", description = "the exemption's number (see incidents ignored)")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who removes it")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, true, engine -> {
                ExemptionDesk.Removed r;
                try {
                    r = engine.exemptions().remove(id, by);
                } catch (java.util.NoSuchElementException e) {
                    throw new IllegalArgumentException("there is no exemption #" + id + " of " + engine.config().system() + "; list them with: "
                            + "caretaker incidents ignored --all -c " + Shell.quote(config.file.toString()), e);
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println(line(r.exemption(), engine.config().timezone()));
                out.println(r.changed() ? "removed; the next run judges these findings again" : "already removed; nothing changed");
                return 0;
            });
        }
    }
}
