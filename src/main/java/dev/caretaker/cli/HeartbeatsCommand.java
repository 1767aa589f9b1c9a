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

/**
 * {@code caretaker heartbeats}: each heartbeat check's ping URL and its last ping. A configured token's URL is shown each time;
 * a token Caretaker makes is shown once, when it is made (the store keeps only its hash); {@code --new-token} makes another.
 */
@Command(name = "heartbeats", description = {"The ping URL of each heartbeat check and its last ping. A token from the config is shown",
        "each time; one Caretaker makes is shown once, when made (only its hash is kept): --new-token CHECK makes another.",
        "Put the URL in the job: curl -fsS -m 10 --retry 5 URL (and URL/start before, URL/fail or URL/$? after)."})
final class HeartbeatsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Mixin
    FormatOption format;

    @Option(names = "--base-url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL", description = "where 'caretaker run' is "
            + "reached from the job (default: ${DEFAULT-VALUE})")
    String baseUrl;

    @Option(names = "--new-token", paramLabel = "CHECK", description = "make a new token for this heartbeat check and show its URL "
            + "once; the old token stops working (repeatable)")
    List<String> newTokens = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return config.withStore(spec, m -> { }, (cfg, store) -> {
            PingLog log = new PingLog(store.jdbi());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String name : newTokens) {
                if (!(cfg.checks().get(name) instanceof HeartbeatCheckConfig hb) || hb.token().isPresent()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--new-token " + name + ": "
                            + (cfg.checks().get(name) instanceof HeartbeatCheckConfig ? "its token is set in " + cfg.file() + "; change it there"
                            : "no heartbeat check '" + name + "' in " + cfg.file()));
                }
            }
            for (CheckConfig c : cfg.checks().values()) {
                if (c instanceof HeartbeatCheckConfig hb) {
                    PingLog.Heartbeat h = log.ensure(cfg.system(), hb.name(), hb.token(), Instant.now());
                    String token = hb.token().orElse(null);
                    String note = hb.token().isPresent() ? "token from the config" : null;
                    if (token == null && (!h.hasToken() || newTokens.contains(hb.name()))) {
                        token = log.issue(cfg.system(), hb.name(), Instant.now());
                        note = "new token, shown this once: only its hash is kept";
                    } else if (token == null) {
                        note = "URL not shown: only its token's hash is kept; --new-token " + hb.name() + " makes another (the old one stops working)";
                    }
                    List<PingLog.Ping> last = log.latest(cfg.system(), hb.name(), 1);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("check", hb.name());
                    m.put("url", token == null ? null : baseUrl.replaceAll("/+$", "") + "/ping/" + token);
                    m.put("note", note);
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
                rows.forEach(r -> out.println(r.get("check") + "  " + (r.get("url") == null ? "-" : r.get("url")) + "  last ping: "
                        + (r.get("last_ping") == null ? "never" : r.get("last_kind") + " at " + r.get("last_ping")) + "  (" + r.get("note") + ")"));
            });
            return 0;
        });
    }
}
