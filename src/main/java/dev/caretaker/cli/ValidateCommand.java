package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code caretaker validate -c FILE}: 0 when the file is usable, 3 with every problem listed otherwise. */
@Command(name = "validate", description = "Check a config file without running anything; exits 0 or 3.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<CaretakerConfig> c = config.load(Main.environment(spec), spec.commandLine().getErr());
        if (c.isEmpty()) {
            return Main.UNKNOWN;
        }
        CaretakerConfig cfg = c.get();
        spec.commandLine().getOut().println(config.file + ": valid (system " + cfg.system() + ", " + cfg.databases().size()
                + " database(s), " + cfg.checks().size() + " check(s), " + cfg.suites().size() + " suite(s))");
        return 0;
    }
}
