package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgres.sequence_exhaustion: how far a sequence has gone towards the first limit it will hit. */
final class SequenceProbe extends Probe {
    static final int MEASURED = 20;

    SequenceProbe() {
        super("sequence_exhaustion", "postgres/sequences.sql", "postgres.sequence_exhaustion");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        List<Map.Entry<String, Double>> used = new ArrayList<>();
        for (Row r : rows) {
            String sequence = Levels.table(r.str("schema"), r.str("sequence_name"));
            boolean ascending = r.lng("increment_by") > 0;
            BigDecimal last = new BigDecimal(r.str("last_value"));
            BigDecimal limit = new BigDecimal(r.str(ascending ? "max_value" : "min_value"));
            String limitedBy = "sequence " + r.str("sequence_type");
            BigDecimal columnLimit = columnLimit(r.str("column_type"), ascending);
            if (columnLimit != null && columnLimit.abs().compareTo(limit.abs()) < 0) {
                limit = columnLimit;
                limitedBy = "column " + r.str("table_name") + "." + r.str("column_name") + " (" + r.str("column_type") + ")";
            }
            double pct = limit.signum() == 0 ? 0 : 100.0 * last.doubleValue() / limit.doubleValue();
            used.add(Map.entry(sequence, pct));
            Severity s = Levels.atOrAbove(pct, ctx.thresholds().percent("sequence_exhaustion.warning"),
                    ctx.thresholds().percent("sequence_exhaustion.critical"));
            if (s != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("last_value", last.toPlainString());
                e.put("limit", limit.toPlainString());
                e.put("limited_by", limitedBy);
                e.put("used_percent", Levels.round1(pct));
                if (r.str("table_name") != null) {
                    e.put("column", r.str("table_name") + "." + r.str("column_name"));
                }
                out.find(new Finding("postgres.sequence_exhaustion", s, sequence, sequence + " has used " + Levels.pct(pct)
                        + " of its range (" + last.toPlainString() + " of " + limit.toPlainString() + ", limited by " + limitedBy
                        + "); widen the column to bigint before it runs out", e));
            }
        }
        used.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        used.stream().limit(MEASURED).forEach(u -> out.measure("postgres.sequence_used_percent", Levels.round1(u.getValue()),
                "database", ctx.database(), "sequence", u.getKey()));
    }

    private static BigDecimal columnLimit(String type, boolean ascending) {
        if (type == null) {
            return null;
        }
        long max = switch (type) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            case "bigint" -> Long.MAX_VALUE;
            default -> 0;
        };
        if (max == 0) {
            return null;
        }
        return BigDecimal.valueOf(ascending ? max : -max - 1);
    }
}
