package dev.caretaker.cli;

import dev.caretaker.check.Readiness;
import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.engine.Preflight;
import dev.caretaker.report.PlainText;
import dev.caretaker.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker validate -c FILE [--connect]}: whether the file can work, without running anything. */
@Command(name = "validate", description = {"Check a config file without running anything.",
        "Exit 0 when usable, 1 with warnings (an ignore: entry whose until has passed), 3 with every problem listed as",
        "FILE:LINE:COL. With --connect, also connect to the store and every",
        "database and verify the tables, columns, privileges, folders, buckets and containers the checks name (read-only",
        "requests): exit 0 when all is there, 1 with warnings, 2 with problems.",
        "A client_secret written in the file rather than taken from the environment is a warning too."})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Option(names = "--connect", description = "connect and verify what the checks need (no check runs; only read-only requests)")
    boolean connect;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<CaretakerConfig> c = config.load(spec);
        if (c.isEmpty()) {
            return Main.UNKNOWN;
        }
        CaretakerConfig cfg = c.get();
        PrintWriter out = spec.commandLine().getOut();
        String summary = config.file + ": valid (system " + cfg.system() + ", " + cfg.databases().size() + " database(s), " + cfg.checks().size()
                + " check(s), " + cfg.suites().size() + " suite(s), " + cfg.actions().size() + " action(s))";
        List<Readiness> expired = new java.util.ArrayList<>(expiredIgnores(cfg, Clock.systemUTC().instant()));
        cfg.auth().oidc().flatMap(o -> o.secretWarning()).ifPresent(w -> expired.add(Readiness.warning("auth.oidc.client_secret", w)));
        if (!connect) {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("valid", true);
            tree.put("system", cfg.system());
            if (!expired.isEmpty()) {
                tree.put("warnings", expired.stream().map(r -> Map.of("subject", r.subject(), "message", r.message())).toList());
            }
            format.print(out, tree, () -> {
                out.println(summary);
                expired.forEach(r -> out.println(PlainText.oneLine(String.format("%-8s %-24s %s", r.level().label(), r.subject(), r.message()))));
            });
            return expired.isEmpty() ? 0 : 1;
        }
        List<Readiness> found = new java.util.ArrayList<>(expired);
        try (Store store = Store.open(cfg.store(), m -> { })) {
            found.addAll(Preflight.run(cfg, store, Clock.systemUTC()));
        }
        format.print(out, found.stream().map(r -> Map.of("level", r.level().label(), "subject", r.subject(), "message", r.message())).toList(), () -> {
            out.println(summary);
            for (Readiness r : found) {
                out.println(PlainText.oneLine(String.format("%-8s %-24s %s", r.level().label(), r.subject(), r.message())));
            }
        });
        boolean problems = found.stream().anyMatch(r -> r.level() == Readiness.Level.PROBLEM);
        boolean warnings = found.stream().anyMatch(r -> r.level() == Readiness.Level.WARNING);
        return problems ? 2 : warnings ? 1 : 0;
    }

    /** An {@code ignore:} entry whose {@code until} has passed: its findings count again, which is worth a word. */
    static List<Readiness> expiredIgnores(CaretakerConfig cfg, java.time.Instant now) {
        return cfg.ignores().stream().filter(i -> i.expired(now)).map(i -> Readiness.warning(i.where(), "the ignore of " + i.code()
                + (i.subject() == null ? "" : " on " + i.subject()) + " expired at " + i.until().atZone(cfg.timezone()).toLocalDateTime()
                + " (" + cfg.timezone() + "), so its findings count again; remove the entry or give it a later 'until'")).toList();
    }
}
