package dev.caretaker.cli;

import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.Outbox;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.schedule.Responses;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code caretaker notify}: deliver what waits in the outbox, and look at it. */
@Command(name = "notify", description = "Deliver or list the messages waiting in the outbox.",
        subcommands = {NotifyCommand.Flush.class, NotifyCommand.Status.class})
final class NotifyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "flush", description = "Deliver every pending message that is due; exits 1 when some are still pending.")
    static final class Flush implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withStore(spec, (cfg, store) -> {
                Delivery.Result r = new Responses(Clock.systemUTC()).deliver(cfg, store);
                spec.commandLine().getOut().println("delivered " + r.sent() + ", failed " + r.failed() + ", still pending " + r.pending());
                return r.pending() == 0 ? 0 : 1;
            });
        }
    }

    @Command(name = "status", description = "The outbox's messages: state, attempts, channel, kind.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withStore(spec, (cfg, store) -> {
                Outbox outbox = new Outbox(store.jdbi(), cfg.system());
                for (OutboxMessage m : outbox.all()) {
                    spec.commandLine().getOut().printf("#%-5d %-8s %2d attempt(s)  %-14s %-20s %s%n", m.id(), m.state(), m.attempts(),
                            m.channel(), m.kind(), m.dedupKey());
                }
                spec.commandLine().getOut().println(outbox.counts());
                return 0;
            });
        }
    }
}
