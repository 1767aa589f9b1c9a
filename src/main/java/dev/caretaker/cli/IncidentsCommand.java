package dev.caretaker.cli;

import dev.caretaker.engine.IncidentDesk;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentEvent;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.report.JsonReport;
import dev.caretaker.report.PlainText;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker incidents}: list, show, acknowledge, resolve and ignore the incidents of a config's system. */
@Command(name = "incidents", description = "List, show, acknowledge, resolve and ignore incidents.",
        subcommands = {IncidentsCommand.ListIncidents.class, IncidentsCommand.Show.class, IncidentsCommand.Ack.class,
                IncidentsCommand.Resolve.class, ExemptionCommands.Ignore.class, ExemptionCommands.Ignored.class, ExemptionCommands.Unignore.class})
final class IncidentsCommand implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String time(java.time.Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }

    static String line(Incident i) {
        return PlainText.oneLine(String.format("#%-5d %-12s %s %-8s %-22s %-30s %s%s", i.id(), i.state().label(), i.priority(),
                i.severity().label(), i.check(), i.subject(), i.title(), i.flapping() ? " (flapping)" : ""));
    }

    @Command(name = "list", description = "The incidents of the config's system, newest first.")
    static final class ListIncidents implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--open", description = "only open and acknowledged incidents")
        boolean open;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "at most N (default: ${DEFAULT-VALUE})")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                List<Incident> list = engine.incidents().list(open, limit);
                PrintWriter out = spec.commandLine().getOut();
                ZoneId zone = engine.config().timezone();
                format.print(out, list.stream().map(i -> JsonReport.incident(i, zone)).toList(), () -> {
                    if (list.isEmpty()) {
                        out.println(open ? "no open incidents" : "no incidents");
                    }
                    list.forEach(i -> out.println(line(i)));
                });
                return 0;
            });
        }
    }

    @Command(name = "show", description = {"One incident with its timeline.",
            "While it is open and not acknowledged, 'next:' says what pages next and when: an escalation step, a reminder or "
                    + "the escalation after its response time (see incidents.escalation and incidents.repeat)."})
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "ID", description = "the incident's number")
        long id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                IncidentDesk.Detail d = engine.incidents().show(id);
                ZoneId zone = engine.config().timezone();
                PrintWriter out = spec.commandLine().getOut();
                Map<String, Object> tree = new LinkedHashMap<>(JsonReport.incident(d.incident(), zone));
                tree.put("timeline", d.timeline().stream().map(e -> dev.caretaker.web.Views.event(e, zone)).toList());
                tree.put("runbook", d.runbook());
                tree.put("next", d.nextJson(zone));
                format.print(out, tree, () -> {
                    out.println(line(d.incident()));
                    if (d.nextText() != null) {
                        out.println(PlainText.oneLine("  next: " + d.nextText()));
                    }
                    if (d.runbook() != null) {
                        out.println("  runbook:");
                        out.println(PlainText.indented("    " + d.runbook(), "    "));
                    }
                    for (IncidentEvent e : d.timeline()) {
                        out.println(PlainText.oneLine("  " + time(e.at(), zone) + "  " + e.kind() + (e.actor() == null ? "" : " by " + e.actor())
                                + (e.runId() == null ? "" : " (run #" + e.runId() + ")") + (e.detail().isEmpty() ? "" : ": " + e.detail())));
                    }
                });
                return 0;
            });
        }

    }

    @Command(name = "ack", description = {"Acknowledge an incident: someone is on it, so it stops escalating.",
            "Acknowledging it again changes nothing (exit 0)."})
    static final class Ack implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID", description = "the incident's number")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who acknowledges")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                IncidentTracker.Decision d = engine.incidents().acknowledge(id, by);
                PrintWriter out = spec.commandLine().getOut();
                out.println(line(d.incident()));
                if (!d.changed()) {
                    out.println("already acknowledged by " + PlainText.oneLine(d.incident().acknowledgedBy()) + " at "
                            + time(d.incident().acknowledgedAt(), engine.config().timezone()) + "; nothing changed");
                }
                return 0;
            });
        }
    }

    @Command(name = "resolve", description = "Resolve an incident by hand (it re-opens if the condition is still there).")
    static final class Resolve implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID", description = "the incident's number")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who resolves")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "what was done")
        String note;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                spec.commandLine().getOut().println(line(engine.incidents().resolve(id, by, note).incident()));
                return 0;
            });
        }
    }
}
