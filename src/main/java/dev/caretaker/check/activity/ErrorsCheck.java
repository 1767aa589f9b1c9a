package dev.caretaker.check.activity;

import dev.caretaker.check.Catalog;
import dev.caretaker.check.CheckContext;
import dev.caretaker.check.DatabaseCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Sql;
import dev.caretaker.check.SqlResource;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.Units;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code type: errors}: the last window of an error log against the same-length windows of a baseline
 * (median and median absolute deviation), per group; and the error rate against all requests when known.
 */
public final class ErrorsCheck extends DatabaseCheck<ErrorsCheckConfig> {
    static final String ALL = "all";

    public ErrorsCheck(ErrorsCheckConfig config) {
        super(config);
    }

    @Override
    protected void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException {
        Catalog.Table table = Catalog.read(c).table(config.table());
        long window = config.window().toSeconds();
        int windows = (int) (config.baseline().toSeconds() / window);
        String time = Catalog.column(table, config.timeColumn());
        String group = config.groupBy() == null ? SqlResource.literal(ALL) + "::text"
                : "coalesce(t." + Catalog.column(table, config.groupBy()) + "::text, '(none)')";
        List<Row> rows = Sql.query(c, SqlResource.fill("errors/buckets.sql", Map.of("group", group, "time", time,
                "table", table.quoted(), "window_seconds", String.valueOf(window), "last_bucket", String.valueOf(windows),
                "span_seconds", String.valueOf(window * (windows + 1)))));
        Map<String, long[]> byGroup = new TreeMap<>();
        for (Row r : rows) {
            byGroup.computeIfAbsent(r.str("grp"), g -> new long[windows + 1])[(int) r.lng("bucket")] += r.lng("events");
        }
        if (byGroup.isEmpty()) {
            byGroup.put(config.groupBy() == null ? ALL : "(none)", new long[windows + 1]);
        }
        long current = 0;
        for (Map.Entry<String, long[]> g : byGroup.entrySet()) {
            current += g.getValue()[0];
            judgeSpike(g.getKey(), g.getValue(), out);
        }
        out.measure("errors.count", current, "check", name());
        if (config.total() != null) {
            rate(c, table, current, context, out);
        }
    }

    private void judgeSpike(String group, long[] buckets, ResultBuilder out) {
        long current = buckets[0];
        Baseline b = Baseline.of(java.util.Arrays.copyOfRange(buckets, 1, buckets.length));
        out.measure("errors.window_count", current, "check", name(), "group", group);
        out.measure("errors.baseline_median", b.median(), "check", name(), "group", group);
        double reference = Math.max(b.median(), 1); // a quiet week (median 0) still needs ten events to spike
        double ratio = current / reference;
        if (current < ErrorsCheckConfig.SPIKE_MIN_EVENTS || ratio < ErrorsCheckConfig.SPIKE_WARNING) {
            return;
        }
        Severity s = ratio >= ErrorsCheckConfig.SPIKE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("events", current);
        e.put("window", Units.formatDuration(config.window()));
        e.put("baseline_median", b.median());
        e.put("baseline_mad", b.mad());
        e.put("baseline_windows", b.windows());
        e.put("ratio", Math.round(ratio * 10) / 10.0);
        String subject = config.groupBy() == null ? config.table() : group;
        out.find(new Finding("errors.spike", s, subject, String.format(Locale.ROOT,
                "%d errors%s in the last %s, %.1f× the usual %s (median of the last %d windows)", current,
                config.groupBy() == null ? "" : " from " + group, Units.humanDuration(config.window()), ratio,
                fmt(b.median()), b.windows()), e));
    }

    private void rate(Connection c, Catalog.Table errors, long current, CheckContext context, ResultBuilder out) throws SQLException {
        ErrorsCheckConfig.Total total = config.total();
        long requests;
        if (total.query() != null) {
            List<Row> rows = Sql.customQuery(c, context, config.database(), total.query());
            Object v = rows.isEmpty() ? null : rows.get(0).values().values().iterator().next();
            if (!(v instanceof Number n)) {
                out.error("total.query must return one number (the requests of the last " + Units.formatDuration(config.window()) + ")",
                        java.util.List.of(dev.caretaker.check.Unjudged.code("errors.rate")));
                return;
            }
            requests = n.longValue();
        } else {
            Catalog.Table t = Catalog.read(c).table(total.table());
            requests = Sql.query(c, SqlResource.fill("errors/total.sql", Map.of("table", t.quoted(),
                    "time", Catalog.column(t, total.timeColumn()), "window_seconds", String.valueOf(config.window().toSeconds()))))
                    .get(0).lng("total");
        }
        out.measure("errors.requests", requests, "check", name());
        if (requests == 0) {
            return;
        }
        double pct = 100.0 * current / requests;
        out.measure("errors.rate_percent", Math.round(pct * 100) / 100.0, "check", name());
        Severity s = pct >= ErrorsCheckConfig.RATE_CRITICAL ? Severity.CRITICAL : pct >= ErrorsCheckConfig.RATE_WARNING ? Severity.WARNING : null;
        if (s != null) {
            out.find(new Finding("errors.rate", s, config.table(), String.format(Locale.ROOT,
                    "%.1f%% of requests failed in the last %s (%d errors of %d requests)", pct, Units.humanDuration(config.window()),
                    current, requests), Map.of("errors", current, "requests", requests, "rate_percent", Math.round(pct * 100) / 100.0)));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    @Override
    protected void prepare(Connection c, CheckContext context, java.util.List<dev.caretaker.check.Readiness> out) throws SQLException {
        dev.caretaker.check.TableAccess access = new dev.caretaker.check.TableAccess(c, name(), out);
        access.readable(config.table(), config.timeColumn(), config.groupBy());
        if (config.total() != null && config.total().table() != null) {
            access.readable(config.total().table(), config.total().timeColumn());
        }
    }
}
