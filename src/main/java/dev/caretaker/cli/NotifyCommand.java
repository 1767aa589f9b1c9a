package dev.caretaker.cli;

import dev.caretaker.engine.Deliveries;
import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.report.PlainText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker notify}: deliver what waits in the outbox, and look at it. */
@Command(name = "notify", description = "Deliver or list the messages waiting in the outbox.",
        subcommands = {NotifyCommand.Flush.class, NotifyCommand.Status.class, NotifyCommand.Test.class})
final class NotifyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "flush", description = {"Try every pending message once, now, whatever its back-off says.",
            "In order per incident and channel; a message another process is delivering is left to it. Exits 0 when none is",
            "pending after, 1 otherwise."})
    static final class Flush implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                Delivery.Result r = engine.deliveries().flush();
                Map<String, Object> tree = new LinkedHashMap<>();
                tree.put("delivered", r.sent());
                tree.put("failed", r.failed());
                tree.put("pending", r.pending());
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, tree, () -> out.println("delivered " + r.sent() + ", failed " + r.failed() + ", still pending " + r.pending()));
                return r.pending() == 0 ? 0 : 1;
            });
        }
    }

    @Command(name = "status", description = "The newest messages of the outbox: state, attempts, channel, kind, last error.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "at most N messages (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--state", paramLabel = "STATE", description = "only pending, sent or failed messages")
        String state;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            OutboxMessage.State only;
            try {
                only = state == null ? null : OutboxMessage.State.parse(state);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--state is pending, sent or failed, not '" + state + "'");
            }
            return config.withEngine(spec, engine -> {
                Deliveries.Status s = engine.deliveries().status(only, limit);
                PrintWriter out = spec.commandLine().getOut();
                Map<String, Object> tree = new LinkedHashMap<>();
                Map<String, Integer> counts = new LinkedHashMap<>();
                s.counts().forEach((st, n) -> counts.put(st.label(), n));
                tree.put("counts", counts);
                tree.put("messages", s.messages().stream().map(dev.caretaker.web.Views::message).toList());
                format.print(out, tree, () -> {
                    for (OutboxMessage m : s.messages()) {
                        out.println(PlainText.oneLine(String.format("#%-5d %-8s %2d attempt(s)  %-14s %-20s %s%s", m.id(), m.state().label(), m.attempts(),
                                m.channel(), m.kind(), m.dedupKey(), m.lastError() == null ? "" : "  last error: " + m.lastError())));
                    }
                    out.println(counts.get("pending") + " pending, " + counts.get("sent") + " sent, " + counts.get("failed")
                            + " failed (given up)" + (s.messages().size() == limit ? "; the newest " + limit + " shown, --limit for more" : ""));
                });
                return 0;
            });
        }

    }

    @Command(name = "test", description = {"Send one sample incident message through a channel now, and show what its service answered.",
            "Straight to the service, not through the outbox: no back-off, nothing stored, and no store needed. A channel that keeps",
            "alerts open (pagerduty, opsgenie) is sent the sample's resolution right after. Exits 0 when the service took it, 1 when",
            "it refused (its own words are shown), 3 when the channel is not in the config."})
    static final class Test implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @CommandLine.Parameters(paramLabel = "CHANNEL", description = "the name of a channel under notify.channels")
        String channel;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var loaded = config.load(spec);
            if (loaded.isEmpty()) {
                return Main.UNKNOWN;
            }
            var cfg = loaded.get();
            java.util.List<dev.caretaker.notify.SampleMessage.Sent> sent;
            try {
                sent = dev.caretaker.notify.SampleMessage.send(cfg, channel, cfg.store().home().resolve("outbox"), java.time.Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            var ch = cfg.notifications().channels().get(channel);
            boolean ok = sent.stream().allMatch(dev.caretaker.notify.SampleMessage.Sent::ok);
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("channel", channel);
            tree.put("type", ch.typeName());
            tree.put("sent", ok);
            tree.put("messages", sent.stream().map(x -> Map.of("event", x.event(), "ok", x.ok(), "answer", x.answer())).toList());
            format.print(out, tree, () -> {
                PrintWriter err = spec.commandLine().getErr();
                for (var x : sent) {
                    (x.ok() ? out : err).println(PlainText.oneLine((x.ok() ? "sent " : "NOT sent: ") + "the sample '" + x.event()
                            + "' message to " + channel + " (" + ch.typeName() + "): " + (x.ok() ? "" : "refused: ") + x.answer()));
                }
                err.flush();
                if (ok && ch.typeName().equals("email") && cfg.notifications().email().isEmpty()) {
                    out.println("no SMTP server is configured (notify.email): the message was written to " + cfg.store().home().resolve("outbox"));
                }
            });
            return ok ? 0 : 1;
        }
    }
}
