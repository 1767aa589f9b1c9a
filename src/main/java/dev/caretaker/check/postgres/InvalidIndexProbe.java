package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.util.List;
import java.util.Map;

/** postgres.invalid_index: left behind by a failed concurrent build; written to, never read. */
final class InvalidIndexProbe extends Probe {
    InvalidIndexProbe() {
        super("invalid_index", "postgres/invalid_indexes.sql", "postgres.invalid_index");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        for (Row r : rows) {
            String index = r.str("index_name");
            out.find(new Finding("postgres.invalid_index", Severity.WARNING, index, index + " on " + r.str("table_name")
                    + " is invalid (a failed CREATE INDEX CONCURRENTLY?): it slows writes and serves no reads; "
                    + "REINDEX INDEX CONCURRENTLY " + index + " or drop it",
                    Map.of("table", r.str("table_name"), "definition", r.str("definition"), "unique", r.bool("is_unique"),
                            "index_bytes", r.lng("index_bytes"))));
        }
    }
}
