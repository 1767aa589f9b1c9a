package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.ConfigException;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code -c FILE} and {@code --env-file FILE}, shared by the commands that read a config: loads it (printing every problem as
 * FILE:LINE:COL), opens its store and builds the engine.
 */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the caretaker.yml to use")
    Path file;

    @Option(names = "--env-file", paramLabel = "FILE", description = {"KEY=VALUE lines laid over the environment before the config "
            + "is read (e.g. the variables 'caretaker demo' writes)"})
    Path envFile;

    Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        Map<String, String> env = new HashMap<>(Main.environment(spec));
        if (envFile != null) {
            env.putAll(readEnvFile(envFile));
        }
        return env;
    }

    static Map<String, String> readEnvFile(Path f) {
        Map<String, String> out = new HashMap<>();
        java.util.List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --env-file " + f + ": " + (Files.exists(f) ? e.getMessage() : "no such file"));
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || !line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(f + ":" + (i + 1) + ": not KEY=VALUE: " + line);
            }
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(line.substring(0, eq), value);
        }
        return out;
    }

    Optional<CaretakerConfig> load(CommandLine.Model.CommandSpec spec) {
        return load(spec, e -> { });
    }

    /** As {@link #load(CommandLine.Model.CommandSpec)}; {@code alsoOnError} hears a config that has problems, after they are printed. */
    Optional<CaretakerConfig> load(CommandLine.Model.CommandSpec spec, Consumer<ConfigException> alsoOnError) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return Optional.of(Engine.configLoader(environment(spec)).read(file));
        } catch (ConfigException e) {
            alsoOnError.accept(e);
            e.problems().forEach(err::println);
            err.println(e.problems().size() + " problem(s) in " + file + "; nothing was run");
            err.flush();
            return Optional.empty();
        }
    }

    /** Loads the config and opens its store for {@code work}; 3 (nothing done) when either cannot be used. */
    int withStore(CommandLine.Model.CommandSpec spec, Consumer<String> progress, BiFunction<CaretakerConfig, Store, Integer> work) {
        Optional<CaretakerConfig> loaded = load(spec);
        if (loaded.isEmpty()) {
            return Main.UNKNOWN;
        }
        try (Store store = Store.open(loaded.get().store(), progress)) {
            return work.apply(loaded.get(), store);
        }
    }

    /** As {@link #withStore}, with the engine built on it. */
    int withEngine(CommandLine.Model.CommandSpec spec, Function<Engine, Integer> work) {
        return withEngine(spec, false, work);
    }

    /** As {@link #withEngine}; {@code typedNames}: the command takes {@code --by NAME}, so audit rows by a name no user has say so. */
    int withEngine(CommandLine.Model.CommandSpec spec, boolean typedNames, Function<Engine, Integer> work) {
        PrintWriter err = spec.commandLine().getErr();
        return withStore(spec, m -> { }, (cfg, store) -> work.apply(Engine.builder(cfg, store).progress(Terminal.progress(err, false))
                .typedNames(typedNames).build()));
    }
}
