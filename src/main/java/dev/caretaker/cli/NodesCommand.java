package dev.caretaker.cli;

import dev.caretaker.report.PlainText;
import dev.caretaker.store.Nodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker nodes}: the server nodes of the config's store and when each was last heard from. */
@Command(name = "nodes", description = {"The 'caretaker run' nodes of this store: live (heard from in the last 20 s), not ready (live, but",
        "it cannot work, and why), gone, or stopped, with their last heartbeat."})
final class NodesCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Option(names = "--within", defaultValue = "1d", paramLabel = "DURATION", description = "nodes heard from within this long (default: ${DEFAULT-VALUE})")
    String within;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Duration span = dev.caretaker.config.Units.parseDuration(within);
        return config.withStore(spec, m -> { }, (cfg, store) -> {
            Instant now = Instant.now();
            List<Nodes.Node> nodes = Nodes.recent(store.jdbi(), now, span);
            PrintWriter out = spec.commandLine().getOut();
            format.print(out, nodes.stream().map(n -> dev.caretaker.web.Views.node(n, now)).toList(), () -> {
                if (nodes.isEmpty()) {
                    out.println("no node of this store was heard from within " + within);
                }
                for (Nodes.Node n : nodes) {
                    boolean says = n.problem() != null && n.stoppedAt() == null && n.live(now);
                    out.println(PlainText.oneLine(String.format("%-9s %-32s %-24s %-22s heartbeat %s ago, up since %s%s", dev.caretaker.web.Views.nodeState(n, now), n.name(),
                            n.system(), n.address() == null ? "" : n.address(), ago(n.heartbeatAt(), now), n.startedAt(),
                            says ? "; cannot work: " + n.problem() : "")));
                }
            });
            return 0;
        });
    }

    private static String ago(Instant t, Instant now) {
        return dev.caretaker.config.Units.formatDuration(Duration.ofSeconds(Math.max(0, Duration.between(t, now).toSeconds())));
    }

}
