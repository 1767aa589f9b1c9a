package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * postgres.unused_index: a warning once the statistics window is long enough to trust a zero and the index is at least
 * {@code thresholds.unused_index.warning} (10 MB); info otherwise.
 */
final class UnusedIndexProbe extends Probe {
    UnusedIndexProbe() {
        super("unused_index", "postgres/unused_indexes.sql", "postgres.unused_index");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        long minBytes = ctx.thresholds().size("unused_index.min_size");
        Duration minAge = ctx.thresholds().duration("unused_index.min_stats_age");
        long warnFrom = ctx.thresholds().size("unused_index.warning");
        long total = 0;
        for (Row r : rows) {
            long bytes = r.lng("index_bytes");
            if (bytes < minBytes) {
                continue;
            }
            total += bytes;
            Instant since = r.instant("stats_since");
            Duration window = since == null ? Duration.ZERO : Duration.between(since, ctx.now());
            boolean trusted = window.compareTo(minAge) >= 0;
            String index = Levels.table(r.str("schema"), r.str("index_name"));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("table", Levels.table(r.str("schema"), r.str("table_name")));
            e.put("index_bytes", bytes);
            e.put("index_size", Units.formatBytes(bytes));
            e.put("warning_from", Units.formatBytes(warnFrom));
            e.put("definition", r.str("definition"));
            e.put("observed_since", since == null ? "unknown" : since.toString());
            e.put("observation_window", Units.humanDuration(window));
            boolean large = bytes >= warnFrom;
            out.find(new Finding("postgres.unused_index", trusted && large ? Severity.WARNING : Severity.INFO, index,
                    index + " (" + Units.formatBytes(bytes) + ") has not been scanned in the " + Units.humanDuration(window)
                            + " the statistics cover" + (!trusted ? "; too short a window to be sure"
                            : large ? "; consider dropping it" : "; consider dropping it (info: under the " + Units.formatBytes(warnFrom)
                            + " of thresholds.unused_index.warning)"), e));
        }
        out.measure("postgres.unused_index_bytes", total, "database", ctx.database());
    }
}
