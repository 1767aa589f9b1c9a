package dev.caretaker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.incident.Incident;
import dev.caretaker.incident.IncidentEvent;
import dev.caretaker.incident.IncidentRepository;
import dev.caretaker.incident.IncidentTracker;
import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.Messages;
import dev.caretaker.notify.Outbox;
import dev.caretaker.schedule.Responses;
import java.time.Clock;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker incidents}: list, show, acknowledge and resolve the incidents of a config's system. */
@Command(name = "incidents", description = "List, show, acknowledge and resolve incidents.",
        subcommands = {IncidentsCommand.ListIncidents.class, IncidentsCommand.Show.class, IncidentsCommand.Ack.class,
                IncidentsCommand.Resolve.class})
final class IncidentsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the config's store and hands the incidents to {@code work}; 3 when the config or store cannot be used. */
    static int withIncidents(CommandLine.Model.CommandSpec spec, ConfigOption config,
                             BiFunction<CaretakerConfig, IncidentRepository, Integer> work) {
        return config.withStore(spec, (cfg, store) -> work.apply(cfg, new IncidentRepository(store.jdbi())));
    }

    static Map<String, Object> json(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("state", i.state());
        m.put("priority", i.priority());
        m.put("severity", i.severity());
        m.put("source", i.source());
        m.put("check", i.check());
        m.put("subject", i.subject());
        m.put("title", i.title());
        m.put("opened_at", String.valueOf(i.openedAt()));
        m.put("last_seen_at", String.valueOf(i.lastSeenAt()));
        m.put("acknowledged_by", i.acknowledgedBy());
        m.put("resolved_at", i.resolvedAt() == null ? null : i.resolvedAt().toString());
        m.put("resolved_by", i.resolvedBy());
        m.put("escalated_at", i.escalatedAt() == null ? null : i.escalatedAt().toString());
        m.put("flapping", i.flapping());
        m.put("muted", i.muted());
        m.put("reopened", i.reopened());
        return m;
    }

    static String line(Incident i) {
        return String.format("#%-5d %-12s %s %-8s %-22s %-30s %s%s", i.id(), i.state(), i.priority(), i.severity(), i.check(),
                i.subject(), i.title(), i.flapping() ? " (flapping)" : "");
    }

    @Command(name = "list", description = "The incidents of the config's system, newest first.")
    static final class ListIncidents implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--open", description = "only open and acknowledged incidents")
        boolean open;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!format.equals("text") && !format.equals("json")) {
                spec.commandLine().getErr().println("caretaker: --format is text or json, not '" + format + "'");
                return Main.UNKNOWN;
            }
            return withIncidents(spec, config, (cfg, repo) -> {
                List<Incident> list = repo.list(cfg.system(), open, limit);
                PrintWriter out = spec.commandLine().getOut();
                if (format.equals("json")) {
                    out.println(writeJson(list.stream().map(IncidentsCommand::json).toList()));
                } else if (list.isEmpty()) {
                    out.println(open ? "no open incidents" : "no incidents");
                } else {
                    list.forEach(i -> out.println(line(i)));
                }
                return 0;
            });
        }
    }

    @Command(name = "show", description = "One incident with its timeline.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID")
        long id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withIncidents(spec, config, (cfg, repo) -> {
                Incident i = repo.get(id).orElseThrow(() -> new IllegalArgumentException("no incident #" + id));
                PrintWriter out = spec.commandLine().getOut();
                out.println(line(i));
                for (IncidentEvent e : repo.timeline(id)) {
                    out.println("  " + e.at() + "  " + e.kind() + (e.actor() == null ? "" : " by " + e.actor())
                            + (e.runId() == null ? "" : " (run #" + e.runId() + ")") + (e.detail().isEmpty() ? "" : ": " + e.detail()));
                }
                return 0;
            });
        }
    }

    @Command(name = "ack", description = "Acknowledge an incident: someone is on it, so it stops escalating.")
    static final class Ack implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who acknowledges")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withStore(spec, (cfg, store) -> {
                Incident i = new IncidentTracker(new IncidentRepository(store.jdbi())).acknowledge(id, by, Instant.now());
                spec.commandLine().getOut().println(line(i));
                if (cfg.notifications().active()
                        && new Messages(cfg, new Outbox(store.jdbi(), cfg.system())).enqueueAcknowledged(i, Instant.now()) > 0) {
                    Delivery.Result r = new Responses(Clock.systemUTC()).deliver(cfg, store);
                    spec.commandLine().getOut().println("paging acknowledged: delivered " + r.sent() + ", still pending " + r.pending());
                }
                return 0;
            });
        }
    }

    @Command(name = "resolve", description = "Resolve an incident by hand (it re-opens if the condition is still there).")
    static final class Resolve implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who resolves")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "what was done")
        String note;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withIncidents(spec, config, (cfg, repo) -> {
                Incident i = new IncidentTracker(repo).resolve(id, by, note, Instant.now());
                spec.commandLine().getOut().println(line(i));
                return 0;
            });
        }
    }

    private static String writeJson(Object o) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
