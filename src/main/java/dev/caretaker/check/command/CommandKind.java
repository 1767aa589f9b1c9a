package dev.caretaker.check.command;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.CommandCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.ShellLine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code type: command}: a program or Nagios plugin run with its arguments (no shell unless asked), judged by its exit code. */
public final class CommandKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("command.exit_code", "code", "the command's exit code (0 ok, 1 warning, 2 critical, 3 unknown, as Nagios plugins)"),
            Metric.of("command.perfdata", "value", "a performance-data value the command printed ('label'=value[UOM];warn;crit;min;max), "
                    + "in its unit: s for time, B for bytes, % for percent", "label", "unit"));

    @Override
    public String name() {
        return "command";
    }

    @Override
    public List<String> keys() {
        return List.of("command", "shell", "timeout", "environment", "working_dir", "max_output");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        boolean shell = s.bool("shell", false);
        List<String> command = command(s, shell);
        Map<String, String> environment = environment(s);
        if (shell && !command.isEmpty()) {
            // the config's ${VAR}s reach the shell as quoted references to variables of its environment, never as its syntax
            ShellLine line = s.shellLine("command").orElse(new ShellLine(command.get(0), Map.of()));
            command = List.of(line.line());
            Map<String, String> merged = new LinkedHashMap<>(environment);
            merged.putAll(line.variables());
            environment = Map.copyOf(merged);
        }
        return new CommandCheckConfig(this, draft.name(), draft.description(), command, shell,
                s.duration("timeout", CommandCheckConfig.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)),
                environment, s.path("working_dir").orElse(s.baseDir()),
                s.integer("max_output", CommandCheckConfig.DEFAULT_MAX_OUTPUT, 1024, 16 * 1024 * 1024));
    }

    private static List<String> command(Section s, boolean shell) {
        if (!s.has("command")) {
            s.problem("'" + s.path() + "' needs 'command': a list, the program then its arguments, e.g. "
                    + "[/usr/lib/nagios/plugins/check_disk, -w, 10%]");
            return List.of();
        }
        if (s.isScalar("command") && !shell) {
            s.problem("command", "'" + s.keyPath("command") + "' is one string; write it as a list ([program, arg, arg]) so no shell reads it, "
                    + "or set shell: true to run it with /bin/sh -c");
            return List.of();
        }
        List<String> command = s.strings("command");
        if (shell && command.size() != 1) {
            s.problem("command", "'" + s.keyPath("command") + "' with shell: true is one string, the shell's command line");
        }
        if (command.isEmpty() || command.get(0).isBlank()) {
            s.problem("command", "'" + s.keyPath("command") + "' is empty; name the program to run");
        }
        return command;
    }

    private static Map<String, String> environment(Section s) {
        Map<String, String> environment = new LinkedHashMap<>();
        Section variables = s.named("environment");
        for (String name : variables.names()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                variables.problem(name, "'" + name + "' is not an environment variable name");
                continue;
            }
            // a command's environment often carries credentials: every value is kept out of reports and logs
            String v = variables.scalar(name);
            if (v != null) {
                environment.put(name, v);
                s.secret(v);
            }
        }
        return Map.copyOf(environment);
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new CommandCheck((CommandCheckConfig) config);
    }
}
