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

    /** Loads the config and opens its store for {@code work}; 3 (nothing done) when either cannot be used. */
    int withStore(picocli.CommandLine.Model.CommandSpec spec,
                  java.util.function.BiFunction<CaretakerConfig, dev.caretaker.store.Store, Integer> work) {
        PrintWriter err = spec.commandLine().getErr();
        Optional<CaretakerConfig> loaded = load(Main.environment(spec), err);
        if (loaded.isEmpty()) {
            return Main.UNKNOWN;
        }
        try (dev.caretaker.store.Store store = dev.caretaker.store.Store.open(loaded.get().store(), m -> { })) {
            return work.apply(loaded.get(), store);
        } catch (dev.caretaker.store.StoreException | IllegalArgumentException e) {
            err.println("caretaker: " + e.getMessage());
            return Main.UNKNOWN;
        }
    }
}
