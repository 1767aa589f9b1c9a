package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * postgres.xmin_horizon: the oldest snapshot vacuum must respect, and who holds it — an open session, a forgotten prepared
 * transaction, a replication slot. Dead rows newer than it cannot be removed, whatever vacuum does, and freezing stalls.
 */
final class XminHorizonProbe extends Probe {
    XminHorizonProbe() {
        super("xmin_horizon", "postgres/xmin_horizon.sql", "postgres.xmin_horizon");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        long age = rows.isEmpty() || rows.get(0).isNull("xmin_age") ? 0 : rows.get(0).lng("xmin_age");
        out.measure("postgres.xmin_horizon_age", age, "database", ctx.database());
        if (rows.isEmpty()) {
            return;
        }
        Row r = rows.get(0);
        Severity s = Levels.atOrAbove(age, ctx.thresholds().count("xmin_horizon.warning"), ctx.thresholds().count("xmin_horizon.critical"));
        if (s == null) {
            return;
        }
        String holder = r.str("holder");
        String name = r.str("name");
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("holder", holder);
        evidence.put("name", name);
        evidence.put("xmin_age", age);
        evidence.put("detail", r.str("detail").strip());
        if (!r.isNull("seconds")) {
            evidence.put("open_seconds", r.lng("seconds"));
        }
        String fix = switch (holder) {
            case "session" -> "end it (caretaker's cancel or terminate action, or pg_terminate_backend(" + name + "))";
            case "prepared transaction" -> "COMMIT PREPARED or ROLLBACK PREPARED '" + name + "'";
            default -> "drop the slot if its consumer is gone (SELECT pg_drop_replication_slot('" + name + "'))";
        };
        out.find(new Finding("postgres.xmin_horizon", s, holder + " " + name, "vacuum cannot remove rows newer than " + Levels.count(age)
                + " transactions ago: " + holder + " " + name + " holds them (" + r.str("detail").strip() + "); " + fix, evidence));
    }
}
