package dev.caretaker.cli;

import dev.caretaker.action.AuditLog;
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

/** {@code caretaker audit}: the signed, chained record of every request, approval, run and refusal. */
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

        @Mixin
        FormatOption format;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "at most N (default: ${DEFAULT-VALUE})")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                PrintWriter out = spec.commandLine().getOut();
                List<AuditLog.Entry> entries = engine.actions().audit(limit);
                format.print(out, entries.stream().map(dev.caretaker.web.Views::audit).toList(), () -> {
                    if (entries.isEmpty()) {
                        out.println("the audit log of " + engine.config().system() + " is empty");
                    }
                    entries.forEach(e -> out.println(PlainText.indented(e.line(), "       ")));
                });
                return 0;
            });
        }

    }

    @Command(name = "verify", description = {"Recompute the signed chain of the whole log (HMAC under Caretaker's key).",
            "Exit 0 when intact, 2 when a row was edited, deleted, inserted or added without the key. Prints the head (ROWS:HASH),",
            "as every report and message does: pass one later with --head to also catch rows cut off the end."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Option(names = "--head", paramLabel = "ROWS:HASH", description = {"a head printed by a report, a message or an earlier verify",
                "(e.g. 57:9f86d081884c7d65), which must still be in the log"})
        String head;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                AuditLog.Verification v = engine.actions().verifyAudit(head);
                Map<String, Object> tree = new LinkedHashMap<>();
                tree.put("intact", v.intact());
                tree.put("rows", v.rows());
                tree.put("head", v.head().label());
                tree.put("head_hash", v.head().hash());
                tree.put("problem", v.intact() ? null : v.problem());
                format.print(spec.commandLine().getOut(), tree, () -> {
                    if (v.intact()) {
                        spec.commandLine().getOut().println("audit log intact: " + rows(v.rows()) + "; head " + v.head().label()
                                + " (reports print it too; pass it later with --head to catch rows cut off the end)");
                    } else {
                        spec.commandLine().getErr().println("audit log BROKEN: " + v.problem() + " (" + rows(v.rows()) + " read; last good head "
                                + v.head().label() + ")");
                    }
                });
                return v.intact() ? 0 : 2;
            });
        }
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
