package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * postgres.inactive_slot: a replication slot no client uses keeps WAL (and the xmin horizon, so vacuum cannot clean dead
 * rows) until it is dropped — the disk fills. postgres.replication_lag: a standby replaying behind.
 */
final class ReplicationProbe extends Probe {
    ReplicationProbe() {
        super("replication", "postgres/replication.sql", "postgres.inactive_slot", "postgres.replication_lag");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        for (Row r : rows) {
            String name = r.str("name");
            if (r.str("kind").equals("slot")) {
                Long bytes = r.isNull("bytes") ? null : r.lng("bytes");
                if (bytes != null) {
                    out.measure("postgres.slot_retained_bytes", bytes, "database", ctx.database(), "slot", name);
                }
                if (r.bool("active")) {
                    continue;
                }
                long min = ctx.thresholds().size("inactive_slot.min_retained");
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("slot_type", r.str("detail"));
                evidence.put("retained_bytes", bytes);
                evidence.put("xmin_age", r.isNull("xmin_age") ? null : r.lng("xmin_age"));
                Severity s = bytes != null && bytes >= min ? Severity.WARNING : Severity.INFO;
                out.find(new Finding("postgres.inactive_slot", s, name, "replication slot " + name + " (" + r.str("detail") + ") has no client"
                        + (bytes == null ? "" : " and holds back " + Units.formatBytes(bytes) + " of WAL") + "; its WAL and old row versions stay "
                        + "until it is used or dropped: SELECT pg_drop_replication_slot('" + name + "') if its consumer is gone", evidence));
            } else if (!r.isNull("lag_seconds")) {
                double lag = r.dbl("lag_seconds");
                out.measure("postgres.replication_lag_seconds", lag, "database", ctx.database(), "standby", name);
                Severity s = Levels.atOrAbove(lag, ctx.thresholds().duration("replication_lag.warning").toSeconds(),
                        ctx.thresholds().duration("replication_lag.critical").toSeconds());
                if (s != null) {
                    out.find(new Finding("postgres.replication_lag", s, name, "standby " + name + " replays " + Units.humanDuration(java.time.Duration
                            .ofMillis((long) (lag * 1000))) + " behind (" + r.str("detail") + ")", Map.of("lag_seconds", lag, "state", r.str("detail"))));
                }
            }
        }
    }
}
