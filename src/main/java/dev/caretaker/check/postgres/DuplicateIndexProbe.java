package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgres.duplicate_index: names the redundant index and the one that covers it. */
final class DuplicateIndexProbe extends Probe {
    DuplicateIndexProbe() {
        super("duplicate_index", "postgres/duplicate_indexes.sql", "postgres.duplicate_index");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        for (Row r : rows) {
            String index = r.str("index_name");
            String coveredBy = r.str("covered_by");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("table", r.str("table_name"));
            e.put("index", index);
            e.put("covered_by", coveredBy);
            e.put("index_definition", r.str("index_definition"));
            e.put("covered_by_definition", r.str("covered_by_definition"));
            e.put("index_bytes", r.lng("index_bytes"));
            String how = r.bool("identical") ? "is identical to " : "is a leading prefix of ";
            out.find(new Finding("postgres.duplicate_index", Severity.WARNING, index, index + " " + how + coveredBy
                    + " (" + Units.formatBytes(r.lng("index_bytes")) + " of writes and space for nothing); drop " + index, e));
        }
    }
}
