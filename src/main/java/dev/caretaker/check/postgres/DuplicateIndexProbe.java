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
 * postgres.duplicate_index: names the redundant index and the one that covers it; a warning from
 * {@code thresholds.duplicate_index.warning} (10 MB), info below (a framework's small prefix indexes are not worth a page).
 */
final class DuplicateIndexProbe extends Probe {
    DuplicateIndexProbe() {
        super("duplicate_index", "postgres/duplicate_indexes.sql", "postgres.duplicate_index");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        long warnFrom = ctx.thresholds().size("duplicate_index.warning");
        for (Row r : rows) {
            String index = r.str("index_name");
            String coveredBy = r.str("covered_by");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("table", r.str("table_name"));
            e.put("index", index);
            e.put("covered_by", coveredBy);
            e.put("index_definition", r.str("index_definition"));
            e.put("covered_by_definition", r.str("covered_by_definition"));
            long bytes = r.lng("index_bytes");
            e.put("index_bytes", bytes);
            e.put("index_size", Units.formatBytes(bytes));
            e.put("warning_from", Units.formatBytes(warnFrom));
            String how = r.bool("identical") ? "is identical to " : "is a leading prefix of ";
            boolean large = bytes >= warnFrom;
            out.find(new Finding("postgres.duplicate_index", large ? Severity.WARNING : Severity.INFO, index, index + " " + how + coveredBy
                    + " (" + Units.formatBytes(bytes) + " of writes and space for nothing); drop " + index
                    + (large ? "" : " when convenient (info: under the " + Units.formatBytes(warnFrom) + " of thresholds.duplicate_index.warning)"), e));
        }
    }
}
