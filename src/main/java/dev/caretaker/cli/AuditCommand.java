package dev.caretaker.cli;

import dev.caretaker.action.AuditLog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker audit}: the hash-chained record of every request, approval, run and refusal. */
@Command(name = "audit", description = "Read or verify the audit log of actions.",
        subcommands = {AuditCommand.ListEntries.class, AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "The newest entries of this system's audit log, oldest first.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "at most N (default: ${DEFAULT-VALUE})")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withStore(spec, (cfg, store) -> {
                PrintWriter out = spec.commandLine().getOut();
                var entries = new AuditLog(store.jdbi(), cfg.system(), cfg.secrets()).list(limit);
                if (entries.isEmpty()) {
                    out.println("the audit log of " + cfg.system() + " is empty");
                }
                entries.forEach(e -> out.println(e.line().replace("\n", "\n       ")));
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "verify", description = {"Recompute the hash chain of the whole log; exit 0 when intact, 2 when a row was edited or deleted.",
            "Prints the head hash: record it, and pass it later with --head to also catch rows cut off the end."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--head", paramLabel = "HASH", description = "a head hash printed by an earlier verify, which must still be in the log")
        String head;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withStore(spec, (cfg, store) -> {
                AuditLog.Verification v = new AuditLog(store.jdbi(), cfg.system(), cfg.secrets()).verify(head);
                if (v.intact()) {
                    spec.commandLine().getOut().println("audit log intact: " + v.rows() + " row(s); head " + v.head());
                    return 0;
                }
                spec.commandLine().getErr().println("audit log BROKEN: " + v.problem() + " (" + v.rows() + " row(s) read; last good head " + v.head() + ")");
                return 2;
            });
        }
    }
}
