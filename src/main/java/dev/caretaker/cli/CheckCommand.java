package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.SuiteConfig;
import dev.caretaker.engine.Engine;
import dev.caretaker.engine.SuiteRunner;
import dev.caretaker.report.NagiosLine;
import dev.caretaker.report.PerfLimits;
import dev.caretaker.report.ReportFormat;
import dev.caretaker.report.RunOutcome;
import dev.caretaker.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker check}: one run of a suite (or of every check), stored and reported; exits by the worst status. */
@Command(name = "check", description = {"Run a suite once, store the run and print its report.",
        "A text report starts with one line for Nagios-compatible monitors: CARETAKER STATUS - counts: the worst problem",
        "| performance data; --format nagios prints only that line.",
        "Exit code: 0 ok, 1 warning, 2 critical, 3 unknown or a config or usage error (the Nagios convention)."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--suite", paramLabel = "NAME", description = "the suite to run (default: every check)")
    String suite;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json, markdown, html or nagios (one line; default: the suite's report.format, else text)")
    String format;

    @Option(names = "--out", paramLabel = "DIR", description = "also write the report to DIR/run-<id>.<ext> (default: the suite's report.out)")
    Path out;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + SuiteRunner.DEFAULT_PARALLELISM,
            description = "checks run at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--dry-run", description = "actions only show what they would change (DML in a rolled-back transaction); nothing is changed")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines on stderr")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<String> formats = new ArrayList<>(ReportFormat.names());
        formats.add("nagios");
        if (format != null && !"nagios".equalsIgnoreCase(format)) {
            ReportFormat.parse(format, formats); // refused before the config is read
        }
        boolean nagiosLine = format == null || "nagios".equalsIgnoreCase(format) || "text".equalsIgnoreCase(format);
        Optional<CaretakerConfig> loaded = config.load(spec, e -> {
            if (nagiosLine) { // a Nagios plugin with nothing on stdout shows "(No output returned from plugin)"
                spec.commandLine().getOut().println(configErrorLine(e, config.file));
                spec.commandLine().getOut().flush();
            }
        });
        if (loaded.isEmpty()) {
            return Main.UNKNOWN;
        }
        CaretakerConfig cfg = loaded.get();
        SuiteRunner.checksOf(cfg, suite); // an unknown suite is refused before anything starts
        SuiteConfig s = suite == null ? null : cfg.suites().get(suite);
        boolean nagiosOnly = "nagios".equalsIgnoreCase(format);
        ReportFormat reportFormat = ReportFormat.parse(nagiosOnly ? "text" : format != null ? format
                : s != null && s.reportFormat().isPresent() ? s.reportFormat().get() : "text");
        if (parallel < 1 || parallel > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel must be 1 to 64, not " + parallel);
        }
        Path outDir = out != null ? out : s != null ? s.reportOut().orElse(null) : null;
        try (Store store = Store.open(cfg.store(), msg -> progress(err, msg))) {
            Engine engine = Engine.builder(cfg, store).parallelism(parallel).progress(Terminal.progress(err, quiet)).build();
            RunOutcome outcome = engine.run(new Engine.RunRequest(suite, dryRun, null));
            PrintWriter stdout = spec.commandLine().getOut();
            if (reportFormat == ReportFormat.TEXT) {
                stdout.println(NagiosLine.render(outcome, PerfLimits.of(cfg), cfg.secrets()::redact));
            }
            emit(outcome, reportFormat, outDir, nagiosOnly ? new PrintWriter(java.io.Writer.nullWriter()) : stdout, err);
            return outcome.run().status().exitCode();
        }
    }

    /**
     * The Nagios line of a config that cannot be read: UNKNOWN, its first problem (one line, no '|', at most 200 characters)
     * and how to list them all; the problems themselves go to stderr.
     */
    static String configErrorLine(ConfigException e, Path file) {
        String first = e.problems().isEmpty() ? "" : e.problems().get(0).toString();
        first = first.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replace('|', '/').replaceAll(" {2,}", " ").strip();
        if (first.length() > 200) {
            first = first.substring(0, 199).stripTrailing() + "…";
        }
        return "CARETAKER UNKNOWN - config error: " + first + " (" + e.problems().size() + " problem(s); caretaker validate -c " + file
                + " lists them)";
    }

    private void progress(PrintWriter err, String message) {
        if (!quiet) {
            err.println(message);
            err.flush();
        }
    }

    /** Prints the report and, with an output folder, writes it there too (atomically: no half-written report). */
    static void emit(RunOutcome outcome, ReportFormat format, Path outDir, PrintWriter out, PrintWriter err) {
        String text = format.render(outcome, format == ReportFormat.TEXT && Terminal.colour());
        out.print(text);
        out.flush();
        if (outDir == null) {
            return;
        }
        try {
            Files.createDirectories(outDir);
            Path target = outDir.resolve("run-" + outcome.run().runId() + "." + format.extension);
            Path tmp = Files.createTempFile(outDir, ".run-", ".tmp");
            Files.writeString(tmp, format == ReportFormat.TEXT ? format.render(outcome, false) : text);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            err.println("report written to " + target);
        } catch (IOException e) {
            err.println("caretaker: cannot write the report into " + outDir + ": " + e.getMessage() + "; the run is stored all the same");
        }
        err.flush();
    }
}
