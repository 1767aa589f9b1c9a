package dev.caretaker.cli;

import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.Approvals;
import dev.caretaker.action.Remediation;
import dev.caretaker.check.MonitoredDatabases;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker approvals}: the actions waiting for a person, and approving or rejecting them. */
@Command(name = "approvals", description = "List, approve or reject the actions waiting for a person.",
        subcommands = {ApprovalsCommand.ListApprovals.class, ApprovalsCommand.Approve.class, ApprovalsCommand.Reject.class})
final class ApprovalsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code work} with a remediation stage over the config's databases and store. */
    static int withRemediation(ConfigOption config, CommandLine.Model.CommandSpec spec, Function<Remediation, Integer> work) {
        return withRemediation(config, spec, false, (cfg, r) -> work.apply(r));
    }

    static int withRemediation(ConfigOption config, CommandLine.Model.CommandSpec spec, boolean dryRun,
                               java.util.function.BiFunction<dev.caretaker.config.CaretakerConfig, Remediation, Integer> work) {
        return config.withStore(spec, (cfg, store) -> {
            try (MonitoredDatabases dbs = new MonitoredDatabases(cfg.databases(), store.embedded().orElse(null), cfg.secrets())) {
                PrintWriter err = spec.commandLine().getErr();
                return work.apply(cfg, new Remediation(cfg, store, dbs, Clock.systemUTC(), Remediation.Sleeper.REAL, line -> {
                    err.println(line);
                    err.flush();
                }, dryRun));
            }
        });
    }

    @Command(name = "list", description = "Approval requests, newest first, with exactly what each would run.")
    static final class ListApprovals implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--all", description = "also decided and expired requests, not only pending ones")
        boolean all;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "at most N (default: ${DEFAULT-VALUE})")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withStore(spec, (cfg, store) -> {
                PrintWriter out = spec.commandLine().getOut();
                var list = new Approvals(store.jdbi(), cfg.system()).list(!all, limit);
                if (list.isEmpty()) {
                    out.println(all ? "no approval requests" : "no approval is pending");
                }
                for (Approvals.Approval a : list) {
                    out.printf("#%d %s  %s on %s  requested by %s at %s, expires %s%s%n", a.id(), a.state(), a.action(), a.subject(),
                            a.requestedBy(), a.requestedAt(), a.expiresAt(),
                            a.decidedBy() == null ? "" : "  (" + a.state() + " by " + a.decidedBy() + (a.reason() == null ? "" : ": " + a.reason()) + ")");
                    out.println("    plan (sha256 " + a.planHash() + "): " + a.plan());
                    if (a.result() != null) {
                        out.println("    result: " + a.result());
                    }
                }
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "approve", description = {"Approve a pending request and run exactly what it shows, now.",
            "The approver must not be the requester; an expired or changed request cannot run. Exit 0 when it ran, 1 when it failed, 3 when refused."})
    static final class Approve implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "ID", description = "the approval's number")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who approves")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withRemediation(config, spec, r -> {
                ActionOutcome o = r.approve(id, by);
                spec.commandLine().getOut().println("approval #" + id + " approved by " + by + ": " + o.line());
                return o.result().equals(ActionOutcome.FAILED) ? 1 : 0;
            });
        }
    }

    @Command(name = "reject", description = "Reject a pending request; nothing runs.")
    static final class Reject implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "ID", description = "the approval's number")
        long id;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who rejects")
        String by;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the audit log")
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withRemediation(config, spec, r -> {
                r.reject(id, by, reason);
                spec.commandLine().getOut().println("approval #" + id + " rejected by " + by);
                return 0;
            });
        }
    }
}
