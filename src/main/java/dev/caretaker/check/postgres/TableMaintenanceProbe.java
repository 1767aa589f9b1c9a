package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.config.PostgresThresholds;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgres.table_bloat (dead tuples against the table) and postgres.vacuum_overdue (past the trigger, no vacuum). */
final class TableMaintenanceProbe extends Probe {
    TableMaintenanceProbe() {
        super("table_bloat", "postgres/table_maintenance.sql", "postgres.table_bloat", "postgres.vacuum_overdue");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        PostgresThresholds t = ctx.thresholds();
        for (Row r : rows) {
            String table = Levels.table(r.str("schema"), r.str("table_name"));
            long live = r.lng("live");
            long dead = r.lng("dead");
            double deadPct = live + dead == 0 ? 0 : 100.0 * dead / (live + dead);
            long wasted = (long) (r.lng("table_bytes") * (deadPct / 100.0));
            Instant lastVacuum = r.instant("last_vacuum");
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("live_tuples", live);
            evidence.put("dead_tuples", dead);
            evidence.put("dead_percent", Levels.round1(deadPct));
            evidence.put("estimated_wasted_bytes", wasted);
            evidence.put("last_vacuum", lastVacuum == null ? "never" : lastVacuum.toString());
            evidence.put("autovacuum_enabled", r.bool("autovacuum_enabled"));
            if (dead >= t.count("table_bloat.min_dead_tuples")) {
                Severity s = Levels.atOrAbove(deadPct, t.percent("table_bloat.warning"), t.percent("table_bloat.critical"));
                if (s != null) {
                    out.measure("postgres.dead_tuple_percent", Levels.round1(deadPct), "database", ctx.database(), "table", table);
                    out.find(new Finding("postgres.table_bloat", s, table, table + ": " + Levels.pct(deadPct) + " of rows are dead ("
                            + Levels.count(dead) + " dead, about " + Units.formatBytes(wasted) + " wasted); VACUUM it or tune autovacuum",
                            evidence));
                }
            }
            overdue(r, table, dead, lastVacuum, evidence, ctx, out);
        }
    }

    private static void overdue(Row r, String table, long dead, Instant lastVacuum, Map<String, Object> evidence,
                                ProbeContext ctx, ResultBuilder out) {
        double trigger = r.dbl("vacuum_trigger");
        if (dead <= trigger) {
            return;
        }
        Duration after = ctx.thresholds().duration("vacuum_overdue.after");
        boolean autovacuumOff = !r.bool("autovacuum_enabled");
        Instant since = lastVacuum != null ? lastVacuum : r.instant("stats_since");
        boolean stale = since != null && Duration.between(since, ctx.now()).compareTo(after) >= 0;
        if (!autovacuumOff && !stale) {
            return;
        }
        String why = autovacuumOff ? "autovacuum is off for it"
                : lastVacuum == null ? "it has not been vacuumed in the " + Units.humanDuration(Duration.between(since, ctx.now()))
                + " statistics cover" : "it was last vacuumed " + Units.humanDuration(Duration.between(lastVacuum, ctx.now())) + " ago";
        Map<String, Object> e = new LinkedHashMap<>(evidence);
        e.put("autovacuum_trigger", (long) trigger);
        out.find(new Finding("postgres.vacuum_overdue", Severity.WARNING, table, table + ": " + Levels.count(dead)
                + " dead tuples, past the autovacuum trigger of " + Levels.count((long) trigger) + ", and " + why, e));
    }
}
