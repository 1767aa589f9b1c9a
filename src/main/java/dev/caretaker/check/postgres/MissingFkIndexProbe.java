package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.util.List;
import java.util.Map;

/** postgres.missing_fk_index: a foreign key no index leads with, on a table big enough for it to hurt. */
final class MissingFkIndexProbe extends Probe {
    MissingFkIndexProbe() {
        super("missing_fk_index", "postgres/missing_fk_indexes.sql", "postgres.missing_fk_index");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        long minRows = ctx.thresholds().count("missing_fk_index.min_rows");
        for (Row r : rows) {
            long rowsCount = Math.max(r.lng("estimated_rows"), r.lng("live_rows"));
            if (rowsCount < minRows) {
                continue;
            }
            String columns = String.join(", ", r.strings("columns"));
            String subject = r.str("table_name") + "." + String.join(",", r.strings("columns"));
            out.find(new Finding("postgres.missing_fk_index", Severity.WARNING, subject,
                    "foreign key " + r.str("constraint_name") + " on " + r.str("table_name") + " (" + columns + ") → "
                            + r.str("referenced_table") + " has no index; deletes and key updates on " + r.str("referenced_table")
                            + " scan " + Levels.count(rowsCount) + " rows. CREATE INDEX CONCURRENTLY ON " + r.str("table_name")
                            + " (" + columns + ")",
                    Map.of("constraint", r.str("constraint_name"), "table", r.str("table_name"), "columns", r.strings("columns"),
                            "referenced_table", r.str("referenced_table"), "rows", rowsCount)));
        }
    }
}
