package dev.caretaker.cli;

import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.HeartbeatCheckConfig;
import dev.caretaker.store.PingLog;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code caretaker heartbeats}: each heartbeat check's ping URL (its token made on first use) and its last ping. */
@Command(name = "heartbeats", description = {"The ping URL of each heartbeat check (a token is made and kept on first use) and its last",
        "ping. Put the URL in the job: curl -fsS -m 10 --retry 5 URL (and URL/start before, URL/fail or URL/$? after)."})
final class HeartbeatsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Option(names = "--base-url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL", description = "where 'caretaker run' is "
            + "reached from the job (default: ${DEFAULT-VALUE})")
    String baseUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return config.withStore(spec, m -> { }, (cfg, store) -> {
            PingLog log = new PingLog(store.jdbi());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (CheckConfig c : cfg.checks().values()) {
                if (c instanceof HeartbeatCheckConfig hb) {
                    PingLog.Heartbeat h = log.ensure(cfg.system(), hb.name(), hb.token(), Instant.now());
                    List<PingLog.Ping> last = log.latest(cfg.system(), hb.name(), 1);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("check", hb.name());
                    m.put("url", baseUrl.replaceAll("/+$", "") + "/ping/" + h.token());
                    m.put("last_ping", last.isEmpty() ? null : last.get(0).at().toString());
                    m.put("last_kind", last.isEmpty() ? null : last.get(0).kind());
                    rows.add(m);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            format.print(out, rows, () -> {
                if (rows.isEmpty()) {
                    out.println(cfg.file() + " has no heartbeat checks");
                }
                rows.forEach(r -> out.println(r.get("check") + "  " + r.get("url") + "  last ping: "
                        + (r.get("last_ping") == null ? "never" : r.get("last_kind") + " at " + r.get("last_ping"))));
            });
            return 0;
        });
    }
}
