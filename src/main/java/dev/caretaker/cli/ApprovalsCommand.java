package dev.caretaker.cli;

import dev.caretaker.action.ActionOutcome;
import dev.caretaker.action.Approvals;
import dev.caretaker.report.PlainText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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

    @Command(name = "list", description = "Approval requests, newest first, with exactly what each would run.")
    static final class ListApprovals implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--all", description = "also decided and expired requests, not only pending ones")
        boolean all;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "at most N (default: ${DEFAULT-VALUE})")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                PrintWriter out = spec.commandLine().getOut();
                List<Approvals.Approval> list = engine.actions().approvals(!all, limit);
                format.print(out, list.stream().map(dev.caretaker.web.Views::approval).toList(), () -> {
                    if (list.isEmpty()) {
                        out.println(all ? "no approval requests" : "no approval is pending");
                    }
                    for (Approvals.Approval a : list) {
                        out.println(PlainText.oneLine(String.format("#%d %s  %s on %s  requested by %s at %s, expires %s%s", a.id(), a.state().label(),
                                a.action(), a.subject(), a.requestedBy(), a.requestedAt(), a.expiresAt(), a.decidedBy() == null ? ""
                                        : "  (" + a.state().label() + " by " + a.decidedBy() + (a.reason() == null ? "" : ": " + a.reason()) + ")")));
                        if (!a.signed()) {
                            out.println("    CHANGED IN THE STORE after Caretaker wrote it: its signature does not match, so it cannot run");
                        }
                        out.println("    plan (hmac " + a.planHash().substring(0, Math.min(16, a.planHash().length())) + "…): "
                                + PlainText.oneLine(a.plan()));
                        if (a.result() != null) {
                            out.println("    result: " + PlainText.oneLine(a.result()));
                        }
                    }
                });
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

        @Option(names = "--by", required = true, paramLabel = "NAME", description = {"who approves (compared with the requester after Unicode normalising; the OS user is recorded beside it)"})
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, true, engine -> {
                ActionOutcome o = engine.actions().approve(id, by);
                spec.commandLine().getOut().println("approval #" + id + " approved by " + PlainText.oneLine(by) + ": " + PlainText.oneLine(o.line()));
                return o.result() == ActionOutcome.Result.FAILED ? 1 : 0;
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
            return config.withEngine(spec, true, engine -> {
                engine.actions().reject(id, by, reason);
                spec.commandLine().getOut().println("approval #" + id + " rejected by " + PlainText.oneLine(by));
                return 0;
            });
        }
    }
}
