package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Sql;
import dev.caretaker.config.Units;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** postgres.database_size and the largest tables: measurements always, a finding only above a configured limit. */
final class SizeProbe extends Probe {
    SizeProbe() {
        super("database_size", "postgres/table_sizes.sql", "postgres.database_size", "postgres.table_size");
    }

    @Override
    void run(Connection c, ProbeContext ctx, ResultBuilder out) throws SQLException {
        Row db = Sql.resource(c, "postgres/database_size.sql").get(0);
        long bytes = db.lng("bytes");
        out.measure("postgres.database_bytes", bytes, "database", ctx.database());
        OptionalLong max = ctx.thresholds().optionalSize("database_size.max");
        if (max.isPresent() && bytes > max.getAsLong()) {
            out.find(new Finding("postgres.database_size", Severity.WARNING, ctx.database(),
                    "database is " + Units.formatBytes(bytes) + ", over the limit of " + Units.formatBytes(max.getAsLong()),
                    Map.of("bytes", bytes, "limit_bytes", max.getAsLong())));
        }
        judge(Sql.resource(c, sql(ctx)), ctx, out);
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        long largest = ctx.thresholds().count("table_size.largest");
        OptionalLong max = ctx.thresholds().optionalSize("table_size.max");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String table = Levels.table(r.str("schema"), r.str("table_name"));
            if (i < largest) {
                out.measure("postgres.table_bytes", r.lng("table_bytes"), "database", ctx.database(), "table", table, "kind", "table");
                out.measure("postgres.table_bytes", r.lng("index_bytes"), "database", ctx.database(), "table", table, "kind", "index");
                out.measure("postgres.table_bytes", r.lng("toast_bytes"), "database", ctx.database(), "table", table, "kind", "toast");
            }
            long total = r.lng("total_bytes");
            if (max.isPresent() && total > max.getAsLong()) {
                out.find(new Finding("postgres.table_size", Severity.WARNING, table,
                        table + " is " + Units.formatBytes(total) + " with indexes and TOAST, over the limit of "
                                + Units.formatBytes(max.getAsLong()),
                        Map.of("table_bytes", r.lng("table_bytes"), "index_bytes", r.lng("index_bytes"),
                                "toast_bytes", r.lng("toast_bytes"), "limit_bytes", max.getAsLong())));
            }
        }
    }
}
