package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.util.List;
import java.util.Map;

/** postgres.cache_hit_ratio: judged only once enough blocks were read for the ratio to mean something. */
final class CacheHitProbe extends Probe {
    CacheHitProbe() {
        super("cache_hit_ratio", "postgres/cache_hit.sql", "postgres.cache_hit_ratio");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        if (rows.isEmpty()) {
            return;
        }
        Row r = rows.get(0);
        long hit = r.lng("blks_hit");
        long read = r.lng("blks_read");
        long total = hit + read;
        if (total < ctx.thresholds().count("cache_hit_ratio.min_reads")) {
            return;
        }
        double ratio = 100.0 * hit / total;
        out.measure("postgres.cache_hit_percent", Levels.round1(ratio), "database", ctx.database());
        Severity s = Levels.below(ratio, ctx.thresholds().percent("cache_hit_ratio.warning"),
                ctx.thresholds().percent("cache_hit_ratio.critical"));
        if (s != null) {
            out.find(new Finding("postgres.cache_hit_ratio", s, ctx.database(),
                    Levels.pct(ratio) + " of block reads came from the buffer cache; the working set may not fit in shared_buffers",
                    Map.of("blocks_hit", hit, "blocks_read", read, "hit_percent", Levels.round1(ratio))));
        }
    }
}
