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
        super("slow_query", null, "postgres.slow_query", "postgres.top_statement");
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
        top(rows, ctx, out);
    }

    /** How many statements by total time are measured (PgHero's "top queries by total time"). */
    static final int TOP = 5;
    /** The top statement is a hot spot, worth a note, when it takes at least this share of all statement time. */
    static final double HOT_SHARE = 0.5;

    /** The statements that take the most time in all: measured, and the first named when it takes half of it. */
    private static void top(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        double all = rows.stream().mapToDouble(r -> r.dbl("total_ms")).sum();
        List<Row> byTotal = rows.stream().sorted(java.util.Comparator.comparingDouble((Row r) -> -r.dbl("total_ms"))).limit(TOP).toList();
        for (Row r : byTotal) {
            out.measure("postgres.statement_total_ms", Math.round(r.dbl("total_ms")), "database", ctx.database(), "queryid", r.str("queryid"));
        }
        if (!byTotal.isEmpty() && all > 0 && byTotal.get(0).dbl("total_ms") / all >= HOT_SHARE && byTotal.get(0).lng("calls") >= ctx.thresholds().count("slow_query.min_calls")) {
            Row r = byTotal.get(0);
            String query = r.str("query") == null ? "" : r.str("query").replaceAll("\\s+", " ").trim();
            double share = r.dbl("total_ms") / all * 100;
            out.find(new Finding("postgres.top_statement", Severity.INFO, "queryid " + r.str("queryid"), String.format(Locale.ROOT,
                    "one statement takes %.0f %% of all statement time (%,d calls, %.0f ms in all): %s — the first place to look when the database is busy",
                    share, r.lng("calls"), r.dbl("total_ms"), query), Map.of("queryid", String.valueOf(r.str("queryid")), "share_percent", Math.round(share),
                    "calls", r.lng("calls"), "total_ms", Math.round(r.dbl("total_ms")), "query", query)));
        }
    }
}
