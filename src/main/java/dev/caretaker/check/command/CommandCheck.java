package dev.caretaker.check.command;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.check.Readiness;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.config.CommandCheckConfig;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code type: command}: runs a program as a Nagios plugin is run — no shell unless asked, a bounded output, a deadline after
 * which it and its children are killed, a small environment — and reads its answer by the plugin protocol: exit 0 ok, 1
 * warning, 2 critical, 3 (or anything else) unknown; the first line is the message; performance data become
 * {@code command.perfdata} measurements.
 */
public final class CommandCheck implements Check {
    private final CommandCheckConfig config;

    public CommandCheck(CommandCheckConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return config.type();
    }

    /** The process's argument list: the program and its arguments, or /bin/sh -c and the line. */
    List<String> argv() {
        if (config.shell()) {
            return List.of("/bin/sh", "-c", config.command().get(0));
        }
        List<String> argv = new ArrayList<>(config.command());
        String program = argv.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            argv.set(0, config.workingDir().resolve(program).normalize().toString()); // relative to the config file, as every path
        }
        return argv;
    }

    @Override
    public CheckResult run(CheckContext context) {
        ResultBuilder out = new ResultBuilder(name(), type(), context.clock());
        ProcessBuilder pb = new ProcessBuilder(argv()).directory(config.workingDir().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        Map<String, String> own = Map.copyOf(env);
        env.clear();
        for (String k : CommandCheckConfig.PASSED_ENVIRONMENT) {
            if (own.containsKey(k)) {
                env.put(k, own.get(k));
            }
        }
        env.putAll(config.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            String program = argv().get(0);
            return out.error("cannot run " + program + ": " + (e.getMessage() != null && e.getMessage().contains("error=2") ? "no such program"
                    : e.getMessage() != null && e.getMessage().contains("error=13") ? "not executable (chmod +x, or check the path)" : e.getMessage())).build();
        }
        try { // closing stdin tells a plugin that reads input there is none
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the program exited already
        }
        Bounded output = new Bounded(p.getInputStream(), config.maxOutput());
        Thread reader = new Thread(output, "caretaker-command-" + name());
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            return out.error("interrupted while " + name() + " ran").build();
        }
        if (!finished) {
            kill(p);
            return out.error(name() + " did not finish within " + Units.formatDuration(config.timeout()) + " and was killed with its children; "
                    + "raise 'timeout' if it needs longer").build();
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = p.exitValue();
        PluginOutput answer = PluginOutput.parse(output.text());
        out.measure("command.exit_code", code, "check", name());
        for (PluginOutput.Perf perf : answer.perf()) {
            out.measure("command.perfdata", perf.value(), "check", name(), "label", perf.label(), "unit", perf.unit());
        }
        String message = answer.message().isEmpty() ? "(no output)" : answer.message();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("exit_code", code);
        evidence.put("output", output.text().length() > 2000 ? output.text().substring(0, 2000) + "…" : output.text());
        if (output.truncated()) {
            evidence.put("output_truncated_at_bytes", config.maxOutput());
        }
        if (!answer.malformed().isEmpty()) {
            evidence.put("unreadable_perfdata", answer.malformed());
        }
        switch (code) {
            case 0 -> { }
            case 1 -> out.find(new Finding("command.warning", Severity.WARNING, name(), message, evidence));
            case 2 -> out.find(new Finding("command.critical", Severity.CRITICAL, name(), message, evidence));
            case 3 -> out.error("the command says UNKNOWN: " + message);
            default -> out.error("the command exited with " + code + (code == 126 ? " (not executable)" : code == 127 ? " (command not found)" : "")
                    + ", which is not a plugin's answer (0 ok, 1 warning, 2 critical, 3 unknown): " + message);
        }
        return out.build();
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    @Override
    public List<Readiness> preflight(CheckContext context) {
        // validate never runs the command: it only looks whether the program is there to be run
        if (config.shell()) {
            return List.of(Readiness.ok(name(), "runs with /bin/sh -c (not run by validate)"));
        }
        String program = argv().get(0);
        if (program.contains("/")) {
            Path path = Path.of(program);
            if (!Files.exists(path)) {
                return List.of(Readiness.problem(name(), program + " does not exist"));
            }
            if (!Files.isExecutable(path)) {
                return List.of(Readiness.problem(name(), program + " is not executable (chmod +x)"));
            }
            return List.of(Readiness.ok(name(), program + " is there and executable (not run by validate)"));
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return List.of(Readiness.ok(name(), program + " found in " + dir + " (not run by validate)"));
            }
        }
        return List.of(Readiness.problem(name(), program + " is not on PATH; write its full path"));
    }

    /** Reads a stream to its end, keeping at most {@code max} bytes. */
    static final class Bounded implements Runnable {
        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Bounded(InputStream in, int max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (kept) {
                        int room = max - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                        if (n > room) {
                            truncated = true; // read on, so the program is never blocked on a full pipe
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }

        boolean truncated() {
            return truncated;
        }
    }
}
