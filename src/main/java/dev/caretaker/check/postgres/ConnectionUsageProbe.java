package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.util.List;
import java.util.Map;

/** postgres.connection_usage: client backends against max_connections. */
final class ConnectionUsageProbe extends Probe {
    ConnectionUsageProbe() {
        super("connection_usage", "postgres/connections.sql", "postgres.connection_usage");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        Row r = rows.get(0);
        long backends = r.lng("backends");
        long max = r.lng("max_connections");
        double pct = max == 0 ? 0 : 100.0 * backends / max;
        out.measure("postgres.connections", backends, "database", ctx.database());
        out.measure("postgres.connection_usage_percent", Levels.round1(pct), "database", ctx.database());
        Severity s = Levels.atOrAbove(pct, ctx.thresholds().percent("connection_usage.warning"),
                ctx.thresholds().percent("connection_usage.critical"));
        if (s != null) {
            out.find(new Finding("postgres.connection_usage", s, ctx.database(),
                    backends + " of " + max + " connections in use (" + Levels.pct(pct) + "); look for idle sessions or add a pooler",
                    Map.of("backends", backends, "max_connections", max, "reserved_for_superusers", r.lng("reserved"),
                            "usage_percent", Levels.round1(pct))));
        }
    }
}
