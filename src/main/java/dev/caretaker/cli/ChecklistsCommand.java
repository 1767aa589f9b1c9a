package dev.caretaker.cli;

import dev.caretaker.checklist.ChecklistBook;
import dev.caretaker.config.ChecklistConfig;
import dev.caretaker.engine.ChecklistDesk;
import dev.caretaker.report.PlainText;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker checklists}: the human half of the manuals — what is open today, and ticking it. */
@Command(name = "checklists", description = "The checklists of the config: list today's, show one, tick an item.",
        subcommands = {ChecklistsCommand.ListAll.class, ChecklistsCommand.Show.class, ChecklistsCommand.Tick.class})
final class ChecklistsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String when(Instant t, ZoneId zone) {
        return dev.caretaker.config.Units.formatMinute(t, zone);
    }

    @Command(name = "list", description = "Each checklist's current instance: when it opened, when it is due, how far it is.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                PrintWriter out = spec.commandLine().getOut();
                ChecklistDesk desk = engine.checklists();
                desk.review();
                Instant now = engine.clock().instant();
                ZoneId zone = engine.config().timezone();
                List<ChecklistBook.Instance> current = new ArrayList<>();
                for (ChecklistConfig c : engine.config().checklists().values()) {
                    desk.book().instances(c.name(), 1).stream().findFirst().ifPresent(current::add);
                }
                format.print(out, current.stream().map(i -> dev.caretaker.web.Views.checklist(i, now, zone)).toList(), () -> {
                    if (engine.config().checklists().isEmpty()) {
                        out.println("the config defines no checklists");
                    }
                    for (ChecklistBook.Instance i : current) {
                        out.println(String.format(Locale.ROOT, "%-28s %-9s %d/%d  opened %s, due %s", i.checklist(), i.state(now), i.done(), i.items().size(),
                                when(i.occurrence(), zone), when(i.dueAt(), zone)));
                    }
                });
                return 0;
            });
        }
    }

    @Command(name = "show", description = "A checklist's current instance item by item (with --history N, its last N instances).")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(index = "0", paramLabel = "NAME", description = "the checklist")
        String name;

        @Option(names = "--history", paramLabel = "N", defaultValue = "1", description = "the last N instances (default: ${DEFAULT-VALUE})")
        int history;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                PrintWriter out = spec.commandLine().getOut();
                ChecklistDesk desk = engine.checklists();
                desk.named(name);
                ChecklistDesk.Review review = desk.review();
                Instant now = engine.clock().instant();
                ZoneId zone = engine.config().timezone();
                List<ChecklistBook.Instance> instances = desk.book().instances(name, Math.max(1, history));
                format.print(out, instances.stream().map(i -> dev.caretaker.web.Views.checklist(i, now, zone)).toList(), () -> {
                    if (instances.isEmpty()) {
                        out.println("checklist " + name + " has no instance yet: its schedule has not come");
                    }
                    for (ChecklistBook.Instance i : instances) {
                        out.println(i.checklist() + " of " + when(i.occurrence(), zone) + ": " + i.state(now) + ", due " + when(i.dueAt(), zone)
                                + (i.complete() ? ", completed " + when(i.completedAt(), zone) : ""));
                        for (ChecklistBook.Item x : i.items()) {
                            String by = !x.done() ? "" : "  — " + (x.auto() ? "ticked by Caretaker: " + x.note() : x.tickedBy() + " at " + when(x.tickedAt(), zone)
                                    + (x.note() == null ? "" : ": " + x.note()));
                            String waiting = "";
                            if (!x.done() && x.check() != null) {
                                ChecklistBook.CheckState s = review.waiting().get(x.check());
                                waiting = s == null ? "  — check " + x.check() + " has not run since it opened"
                                        : "  — check " + x.check() + " is " + s.status() + " in run #" + s.run() + (s.codes() == null ? "" : " (" + s.codes() + ")");
                            }
                            out.println(PlainText.oneLine("  [" + (x.done() ? "x" : " ") + "] " + x.position() + ". " + x.title() + by + waiting));
                        }
                    }
                });
                return 0;
            });
        }
    }

    @Command(name = "tick", description = {"Tick an item of a checklist's current instance, as NAME, with an optional note.",
            "ITEM is its number or the start of its title. Ticking a ticked item changes nothing."})
    static final class Tick implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(index = "0", paramLabel = "NAME", description = "the checklist")
        String name;

        @Parameters(index = "1", paramLabel = "ITEM", description = "the item's number, or the start of its title")
        String item;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who did it")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "what was found or done")
        String note;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, true, engine -> {
                PrintWriter out = spec.commandLine().getOut();
                ChecklistBook.Ticked t = engine.checklists().tick(name, item, by, note);
                ZoneId zone = engine.config().timezone();
                Map<String, Object> tree = new LinkedHashMap<>(dev.caretaker.web.Views.checklist(t.instance(), engine.clock().instant(), zone));
                tree.put("changed", t.changed());
                format.print(out, tree, () -> {
                    ChecklistBook.Item x = t.item();
                    out.println(t.changed() ? "ticked " + x.position() + ". " + x.title() + " of " + name + " (" + t.instance().done() + "/"
                            + t.instance().items().size() + (t.instance().complete() ? ", complete" : "") + ")"
                            : "already ticked by " + (x.auto() ? "Caretaker (" + x.note() + ")" : x.tickedBy()) + " at " + when(x.tickedAt(), zone)
                            + "; nothing changed");
                });
                return 0;
            });
        }
    }
}
