package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -c FILE}, shared by the commands that read a config; prints every problem as FILE:LINE:COL. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the caretaker.yml to use")
    Path file;

    Optional<CaretakerConfig> load(Map<String, String> environment, PrintWriter err) {
        try {
            return Optional.of(new ConfigLoader(environment).read(file));
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println(p));
            err.println(e.problems().size() + " problem(s) in " + file + "; nothing was run");
            err.flush();
            return Optional.empty();
        }
    }
}
