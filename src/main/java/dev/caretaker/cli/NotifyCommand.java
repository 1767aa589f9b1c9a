package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.notify.Delivery;
import dev.caretaker.notify.Outbox;
import dev.caretaker.notify.OutboxMessage;
import dev.caretaker.schedule.Responses;
import dev.caretaker.store.Store;
import dev.caretaker.store.StoreException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
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
            PrintWriter err = spec.commandLine().getErr();
            Optional<CaretakerConfig> loaded = config.load(Main.environment(spec), err);
            if (loaded.isEmpty()) {
                return Main.UNKNOWN;
            }
            try (Store store = Store.open(loaded.get().store(), m -> { })) {
                Delivery.Result r = new Responses(Clock.systemUTC()).deliver(loaded.get(), store);
                spec.commandLine().getOut().println("delivered " + r.sent() + ", failed " + r.failed() + ", still pending " + r.pending());
                return r.pending() == 0 ? 0 : 1;
            } catch (StoreException e) {
                err.println("caretaker: " + e.getMessage());
                return Main.UNKNOWN;
            }
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
            PrintWriter err = spec.commandLine().getErr();
            Optional<CaretakerConfig> loaded = config.load(Main.environment(spec), err);
            if (loaded.isEmpty()) {
                return Main.UNKNOWN;
            }
            try (Store store = Store.open(loaded.get().store(), m -> { })) {
                Outbox outbox = new Outbox(store.jdbi(), loaded.get().system());
                for (OutboxMessage m : outbox.all()) {
                    spec.commandLine().getOut().printf("#%-5d %-8s %2d attempt(s)  %-14s %-20s %s%n", m.id(), m.state(), m.attempts(),
                            m.channel(), m.kind(), m.dedupKey());
                }
                spec.commandLine().getOut().println(outbox.counts());
                return 0;
            } catch (StoreException e) {
                err.println("caretaker: " + e.getMessage());
                return Main.UNKNOWN;
            }
        }
    }
}
