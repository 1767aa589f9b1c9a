package dev.caretaker.cli;

import dev.caretaker.status.Subscribers;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker status-page subscribers}: who is told of the status page's posts and maintenance. */
@Command(name = "subscribers", description = {"The status page's subscribers: list them, add an email address or a webhook, remove one.",
        "People sign up on the page (/status/subscribe) and confirm by a mailed link; an address added here is confirmed at",
        "once, on your word. A webhook URL is a secret: only its host is shown."},
        subcommands = {StatusSubscribersCommand.ListAll.class, StatusSubscribersCommand.Add.class, StatusSubscribersCommand.Remove.class})
final class StatusSubscribersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Map<String, Object> view(Subscribers.Subscriber s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("kind", s.kind());
        m.put("address", s.shown());
        m.put("confirmed", s.confirmed());
        m.put("created_at", s.createdAt().toString());
        m.put("created_by", s.createdBy());
        return m;
    }

    static String line(Subscribers.Subscriber s) {
        return String.format("#%-5d %-8s %-10s %s", s.id(), s.kind(), s.confirmed() ? "confirmed" : "pending", s.shown());
    }

    /** What {@code work} gives; a refusal or a number that names nothing is one sentence, as every command says it. */
    private static <T> T plainly(Supplier<T> work) {
        try {
            return work.get();
        } catch (java.util.NoSuchElementException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Command(name = "list", description = "Every subscriber: its number, email or webhook, confirmed or pending, and its address.")
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
                List<Subscribers.Subscriber> all = engine.subscriptions().list();
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, all.stream().map(StatusSubscribersCommand::view).toList(), () -> {
                    if (all.isEmpty()) {
                        out.println("no subscribers yet");
                    }
                    all.forEach(s -> out.println(line(s)));
                });
                return 0;
            });
        }
    }

    /** Exactly one of --email and --webhook. */
    static final class Target {
        @Option(names = "--email", required = true, paramLabel = "ADDRESS", description = "an email address, confirmed at once")
        String email;

        @Option(names = "--webhook", required = true, paramLabel = "URL", description = "a URL that gets each message as JSON (https)")
        String webhook;
    }

    @Command(name = "add", description = {"Add a subscriber: an email address (confirmed at once) or a webhook.",
            "A webhook must be https, or plain http only to this machine; the config's",
            "status_page.subscriptions.webhooks: false refuses webhooks. An email address",
            "needs status_page.subscriptions.email_channel and public_url."})
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--by", paramLabel = "NAME", description = "who adds it (default: your login name)")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String who = by != null ? by : System.getProperty("user.name", "cli");
            return config.withEngine(spec, engine -> {
                Subscribers.Subscriber s = plainly(() -> target.email != null ? engine.subscriptions().addEmail(target.email, who)
                        : engine.subscriptions().addWebhook(target.webhook, who));
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, view(s), () -> out.println("added " + line(s)));
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Remove a subscriber by its number: nothing more is sent to it.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        FormatOption format;

        @Parameters(paramLabel = "ID", description = "the subscriber's number, as list shows it")
        long id;

        @Option(names = "--by", paramLabel = "NAME", description = "who removes it, for the audit log (default: your login name)")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return config.withEngine(spec, engine -> {
                Subscribers.Subscriber s = plainly(() -> engine.subscriptions().remove(id, by != null ? by : System.getProperty("user.name", "cli")));
                PrintWriter out = spec.commandLine().getOut();
                format.print(out, view(s), () -> out.println("removed " + line(s)));
                return 0;
            });
        }
    }
}
