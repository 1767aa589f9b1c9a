package dev.caretaker.cli;

import dev.caretaker.action.ActionOutcome;
import dev.caretaker.config.ActionConfig;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Units;
import dev.caretaker.report.PlainText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker actions}: the configured remediations, and running one by hand through its policy. */
@Command(name = "actions", description = "List the configured actions, or run one by hand through its policy.",
        subcommands = {ActionsCommand.ListActions.class, ActionsCommand.RunAction.class})
final class ActionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String trigger(ActionConfig a) {
        return a.when().map(w -> "when " + w + a.subject().map(s -> " (subject " + s + ")").orElse(""))
                .orElseGet(() -> a.cron().map(c -> "schedule " + c).orElseGet(() -> "every " + Units.formatDuration(a.every().orElseThrow())));
    }

    @Command(name = "list", description = "Each action with its type, policy, trigger and guardrails.")
    static final class ListActions implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Optional<CaretakerConfig> loaded = config.load(spec);
            if (loaded.isEmpty()) {
                return Main.UNKNOWN;
            }
            PrintWriter out = spec.commandLine().getOut();
            var actions = loaded.get().actions().values();
            format.print(out, actions.stream().map(ListActions::json).toList(), () -> {
                if (actions.isEmpty()) {
                    out.println("no actions in " + config.file);
                }
                for (ActionConfig a : actions) {
                    var g = a.guardrails();
                    out.printf("%-28s %-16s %-9s %s%n", a.name(), a.typeName(), a.policy().label(), trigger(a));
                    out.printf("%-28s max_rows %d, max_runs_per_hour %d, max_attempts %d, verify %s%s%n", "", g.maxRows(), g.maxRunsPerHour(),
                            g.maxAttempts(), g.verify() ? "on" : "off", g.dryRun() ? ", dry_run" : "");
                }
            });
            return 0;
        }

        private static Map<String, Object> json(ActionConfig a) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("type", a.typeName());
            m.put("policy", a.policy().label());
            m.put("trigger", trigger(a));
            m.put("database", a.database());
            m.put("max_rows", a.guardrails().maxRows());
            m.put("max_runs_per_hour", a.guardrails().maxRunsPerHour());
            m.put("max_attempts", a.guardrails().maxAttempts());
            m.put("verify", a.guardrails().verify());
            m.put("dry_run", a.guardrails().dryRun());
            return m;
        }
    }

    @Command(name = "run", description = {"Run one action now for a subject, through its policy.",
            "auto runs, approval files a request, forbidden is refused. Exit 0 when it ran, was dry-run or is waiting for",
            "approval; 1 when it failed or was refused."})
    static final class RunAction implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "ACTION", description = "the action's name")
        String name;

        @Option(names = "--subject", defaultValue = "", paramLabel = "SUBJECT", description = "what it acts on (a table, index, integration…)")
        String subject;

        @Option(names = "--set", paramLabel = "NAME=VALUE", description = "a value the action binds, e.g. --set pid=4242")
        Map<String, String> values = new LinkedHashMap<>();

        @Option(names = "--by", paramLabel = "NAME", description = "who asks (default: the login name)")
        String by;

        @Option(names = "--dry-run", description = "only show what it would change")
        boolean dryRun;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String who = Optional.ofNullable(by).orElse(System.getProperty("user.name", "someone"));
            return config.withEngine(spec, true, engine -> {
                ActionOutcome o = engine.actions().runByHand(name, subject, values, who, dryRun);
                spec.commandLine().getOut().println(o == null ? name + ": nothing to do" : PlainText.indented(o.line(), "    "));
                return o == null || !o.result().bad() ? 0 : 1;
            });
        }
    }
}
