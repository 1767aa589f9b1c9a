package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** postgres.slow_query, from pg_stat_statements of this database; an info finding when the extension is missing. */
final class SlowQueryProbe extends Probe {
    static final int VERSION_13 = 130000;

    SlowQueryProbe() {
        super("slow_query", null, "postgres.slow_query");
    }

    @Override
    String sql(ProbeContext ctx) {
        return ctx.server().versionNum() >= VERSION_13 ? "postgres/slow_queries.sql" : "postgres/slow_queries_pg12.sql";
    }

    @Override
    void run(Connection c, ProbeContext ctx, ResultBuilder out) throws SQLException {
        if (!ctx.server().hasPgStatStatements()) {
            out.find(missing(ctx, "the extension is not installed in this database: CREATE EXTENSION pg_stat_statements "
                    + "(it also needs shared_preload_libraries = 'pg_stat_statements')"));
            return;
        }
        try {
            // the view lives in the extension's schema, which need not be on the search path (Supabase installs it in 'extensions')
            String text = dev.caretaker.check.SqlResource.load(sql(ctx)).replace("FROM pg_stat_statements s",
                    "FROM " + ctx.server().pgStatStatementsSchema() + ".pg_stat_statements s");
            judge(Sql.query(c, text), ctx, out);
        } catch (SQLException e) {
            if (!"55000".equals(e.getSQLState())) {
                throw e;
            }
            out.find(missing(ctx, "the extension is installed but not loaded: add pg_stat_statements to shared_preload_libraries and restart"));
        }
    }

    private static Finding missing(ProbeContext ctx, String how) {
        return new Finding("postgres.slow_query", Severity.INFO, ctx.database(), "slow queries cannot be listed: " + how, Map.of());
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        double meanMs = ctx.thresholds().duration("slow_query.mean").toMillis();
        long minCalls = ctx.thresholds().count("slow_query.min_calls");
        int slow = 0;
        for (Row r : rows) {
            if (r.dbl("mean_ms") < meanMs || r.lng("calls") < minCalls) {
                continue;
            }
            slow++;
            String query = r.str("query") == null ? "" : r.str("query").replaceAll("\\s+", " ").trim();
            out.find(new Finding("postgres.slow_query", Severity.WARNING, "queryid " + r.str("queryid"),
                    String.format(Locale.ROOT, "mean %.0f ms over %,d calls: %s", r.dbl("mean_ms"), r.lng("calls"), query),
                    Map.of("queryid", String.valueOf(r.str("queryid")), "calls", r.lng("calls"),
                            "mean_ms", Math.round(r.dbl("mean_ms")), "total_ms", Math.round(r.dbl("total_ms")), "query", query)));
        }
        out.measure("postgres.slow_queries", slow, "database", ctx.database());
    }
}
