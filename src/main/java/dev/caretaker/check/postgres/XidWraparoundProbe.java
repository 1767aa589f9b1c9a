package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.util.List;
import java.util.Map;

/** postgres.xid_wraparound: transaction ID age against the 2^31 at which PostgreSQL stops accepting writes. */
final class XidWraparoundProbe extends Probe {
    static final double WRAPAROUND = Math.pow(2, 31);

    XidWraparoundProbe() {
        super("xid_wraparound", "postgres/xid_age.sql", "postgres.xid_wraparound", "postgres.multixact_wraparound");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        for (Row r : rows) {
            String db = r.str("datname");
            double pct = 100.0 * r.lng("xid_age") / WRAPAROUND;
            out.measure("postgres.xid_age_percent", Levels.round1(pct), "database", db);
            Severity s = Levels.atOrAbove(pct, ctx.thresholds().percent("xid_wraparound.warning"),
                    ctx.thresholds().percent("xid_wraparound.critical"));
            if (s != null) {
                out.find(new Finding("postgres.xid_wraparound", s, db, "database " + db + " is " + Levels.pct(pct)
                        + " of the way to transaction ID wraparound (age " + Levels.count(r.lng("xid_age"))
                        + "); find what blocks freezing (long transactions, stale replication slots) and VACUUM FREEZE",
                        Map.of("xid_age", r.lng("xid_age"), "multixact_age", r.lng("mxid_age"), "used_percent", Levels.round1(pct))));
            }
            // multixact IDs (row locks shared by several transactions) wrap around at 2^31 too, and are frozen by the same vacuum
            double mpct = 100.0 * r.lng("mxid_age") / WRAPAROUND;
            out.measure("postgres.multixact_age_percent", Levels.round1(mpct), "database", db);
            Severity ms = Levels.atOrAbove(mpct, ctx.thresholds().percent("multixact_wraparound.warning"),
                    ctx.thresholds().percent("multixact_wraparound.critical"));
            if (ms != null) {
                out.find(new Finding("postgres.multixact_wraparound", ms, db, "database " + db + " is " + Levels.pct(mpct)
                        + " of the way to multixact ID wraparound (age " + Levels.count(r.lng("mxid_age")) + "); VACUUM (FREEZE) its oldest tables "
                        + "and look for long transactions holding row locks", Map.of("multixact_age", r.lng("mxid_age"), "used_percent", Levels.round1(mpct))));
            }
        }
    }
}
