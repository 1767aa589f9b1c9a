package dev.caretaker.cli;

import dev.caretaker.config.CaretakerConfig;
import dev.caretaker.config.Units;
import dev.caretaker.engine.Engine;
import dev.caretaker.store.Store;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker run}: a long-running node that runs the config's schedules, clustered with any others on the same store. */
@Command(name = "run", description = {"Run as a server: the config's suites, checks with their own 'every', scheduled actions and",
        "heartbeats on their schedules; the outbox delivered as soon as a message is written; /healthz, /readyz, /metrics and",
        "/ping/TOKEN over HTTP. Several nodes on one store share the work: each tick runs once, and a dead node's tick is taken",
        "over within 20 s. SIGHUP or saving the config file reloads it (a config with errors is refused, the old one keeps",
        "running); SIGTERM or Ctrl-C stops: running ticks get --shutdown-wait to finish, the outbox is delivered, exit 0."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--node", paramLabel = "NAME", description = "this node's name in the cluster (default: host name and process id)")
    String node;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json: one JSON object per log line "
            + "(default: ${DEFAULT-VALUE})")
    String logFormat;

    @Option(names = "--shutdown-wait", defaultValue = "30s", paramLabel = "DURATION", description = "how long a stop lets running ticks "
            + "finish (default: ${DEFAULT-VALUE})")
    String shutdownWait;

    @Option(names = "--parallel", defaultValue = "16", paramLabel = "N", description = "how many checks of one run go at once "
            + "(1 to 256; default: ${DEFAULT-VALUE})")
    int parallel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--log-format is text or json, not '" + logFormat + "'");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port is 0 to 65535, not " + port);
        }
        if (parallel < 1 || parallel > 256) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel is 1 to 256, not " + parallel);
        }
        Duration wait;
        try {
            wait = Units.parseDuration(shutdownWait);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shutdown-wait: " + e.getMessage());
        }
        Logging.server(logFormat.equals("json"));
        Optional<CaretakerConfig> loaded = config.load(spec);
        if (loaded.isEmpty()) {
            return Main.UNKNOWN;
        }
        try (Store store = Store.open(loaded.get().store(), m -> { })) {
            return Serving.serve(loaded.get(), store, config.environment(spec),
                    () -> Engine.configLoader(config.environment(spec)).read(config.file),
                    new Serving.Settings(bind, port, node, wait, parallel), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
