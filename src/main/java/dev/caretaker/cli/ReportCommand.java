package dev.caretaker.cli;

import dev.caretaker.history.ReportArchive;
import dev.caretaker.config.ReportPeriod;
import dev.caretaker.engine.ReportDesk;
import dev.caretaker.report.JsonReport;
import dev.caretaker.review.Renderer;
import dev.caretaker.review.Review;
import dev.caretaker.review.Reviews;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caretaker report NAME}: makes one of the config's periodic reports now, stores it, and prints, writes or sends it. */
@Command(name = "report", description = {"Make a periodic report of the config's 'reports:' now (trends, security-audit, summary, capacity).",
        "It is stored (the dashboard lists it) and printed; --out writes it to a file, --send also mails it to its channels.",
        "--list shows the stored reports, --show ID prints one. Exit 0 when made, 3 when it could not be."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the report, a key of 'reports:'")
    String name;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text, markdown, html or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--period", paramLabel = "PERIOD", description = {"LAST_DAY, LAST_WEEK (Monday to Monday), LAST_MONTH, a length up to now",
            "(7d, 24h) or dates (2026-11-01..2026-11-08); default: the report's own 'period'"})
    String period;

    @Option(names = "--out", paramLabel = "FILE", description = "write the report to FILE (whole, or not at all) instead of printing it")
    Path out;

    @Option(names = "--send", description = "also queue it for its channels and deliver within notify.wait")
    boolean send;

    @Option(names = "--list", description = "list the stored reports, newest first")
    boolean list;

    @Option(names = "--show", paramLabel = "ID", description = "print stored report ID")
    Long show;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "with --list: at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Renderer.FORMATS.contains(format)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format is '" + format + "'; write one of " + String.join(", ", Renderer.FORMATS));
        }
        Optional<ReportPeriod> p;
        try {
            p = Optional.ofNullable(period).map(ReportPeriod::parse);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--period: " + e.getMessage());
        }
        if (!list && show == null && name == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a report (a key of 'reports:'), or pass --list or --show ID");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return config.withEngine(spec, engine -> {
            ReportDesk desk = engine.reports();
            if (list) {
                List<ReportArchive.Listed> rows = desk.list(limit);
                if (format.equals("json")) {
                    stdout.print(JsonReport.write(rows.stream().map(ReportCommand::tree).toList()));
                } else if (rows.isEmpty()) {
                    stdout.println("no stored reports for " + engine.config().system());
                } else {
                    rows.forEach(r -> stdout.println(String.format(java.util.Locale.ROOT, "#%-5d %-22s %-15s %s – %s  %s", r.id(), r.name(), r.type(),
                            r.from(), r.to(), r.verdict())));
                }
                stdout.flush();
                return 0;
            }
            Review review;
            if (show != null) {
                Optional<Reviews.Stored> stored = desk.load(show);
                if (stored.isEmpty()) {
                    err.println("no stored report #" + show + " of " + engine.config().system() + "; caretaker report --list shows them");
                    err.flush();
                    return Main.UNKNOWN;
                }
                review = stored.get().review();
            } else {
                desk.named(name);
                err.println("making report " + name + " of " + engine.config().system() + " …");
                err.flush();
                long t0 = System.nanoTime();
                ReportDesk.Made made = desk.make(name, p, engine.clock().instant(), send);
                review = made.review();
                err.println(String.format(java.util.Locale.ROOT, "report %s stored as #%d in %.1f s: %s", name, made.id(), (System.nanoTime() - t0) / 1e9,
                        Renderer.subject(review)));
                made.messages().forEach(m -> err.println("  " + m.channel() + ": " + m.state() + (m.error() == null ? "" : " (" + m.error() + ")")));
                err.flush();
            }
            String text = format.equals("html") ? Renderer.html(review) : Renderer.render(review, format, i -> "");
            if (out != null) {
                write(out, text);
                err.println("written to " + out.toAbsolutePath());
                err.flush();
            } else {
                stdout.print(text);
                stdout.flush();
            }
            return 0;
        });
    }

    static Map<String, Object> tree(ReportArchive.Listed r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("type", r.type());
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        m.put("made_at", r.madeAt().toString());
        m.put("verdict", r.verdict());
        return m;
    }

    /** Whole or not at all: a temporary file beside the target, moved over it. */
    static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".report-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write --out " + file + ": " + e.getMessage());
        }
    }
}
