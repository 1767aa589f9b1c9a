package dev.caretaker.check.custom;

import dev.caretaker.check.CheckContext;
import dev.caretaker.check.DatabaseCheck;
import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import dev.caretaker.check.Sql;
import dev.caretaker.config.NumberCondition;
import dev.caretaker.config.SqlCheckConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code type: sql}: the operator's own read-only query. One number becomes the measurement
 * {@code sql.<check name>}, judged by {@code warning}/{@code critical}; rows become one finding each.
 */
public final class SqlCheck extends DatabaseCheck<SqlCheckConfig> {
    static final int MAX_ROW_FINDINGS = 100;

    public SqlCheck(SqlCheckConfig config) {
        super(config);
    }

    @Override
    protected void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException {
        List<Row> rows = Sql.customQuery(c, context, config.database(), config.query());
        if (rows.size() == 1 && rows.get(0).values().size() == 1 && rows.get(0).values().values().iterator().next() instanceof Number n) {
            number(n.doubleValue(), out);
            return;
        }
        if (config.warning() != null || config.critical() != null) {
            out.error("the query must return one number to be judged by 'warning'/'critical'; it returned " + rows.size() + " row(s)");
            return;
        }
        Severity severity = config.severity();
        for (Row r : rows.subList(0, Math.min(rows.size(), MAX_ROW_FINDINGS))) {
            String subjectColumn = config.subjectColumn() != null ? config.subjectColumn() : r.values().keySet().iterator().next();
            if (!r.values().containsKey(subjectColumn)) {
                out.error("subject_column '" + subjectColumn + "' is not a column of the query's result; columns: "
                        + String.join(", ", r.values().keySet()));
                return;
            }
            String text = r.values().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            Map<String, Object> evidence = new java.util.LinkedHashMap<>();
            r.values().forEach((k, v) -> evidence.put(k, v == null ? null : v instanceof Number ? v : v.toString()));
            out.find(new Finding(config.code(), severity, String.valueOf(r.values().get(subjectColumn)), name() + ": " + text, evidence));
        }
        out.measure("sql." + name() + "_rows", rows.size(), "check", name());
        if (rows.size() > MAX_ROW_FINDINGS) {
            out.find(new Finding(config.code(), Severity.INFO, name(), (rows.size() - MAX_ROW_FINDINGS)
                    + " more row(s) not listed; narrow the query", Map.of("rows", rows.size())));
        }
    }

    private void number(double v, ResultBuilder out) {
        out.measure("sql." + name(), v, "check", name());
        Severity s = holds(config.critical(), v) ? Severity.CRITICAL : holds(config.warning(), v) ? Severity.WARNING : null;
        if (s != null) {
            NumberCondition hit = s == Severity.CRITICAL ? config.critical() : config.warning();
            String code = config.code().equals(SqlCheckConfig.DEFAULT_CODE) ? "sql.value" : config.code();
            out.find(new Finding(code, s, name(), String.format(Locale.ROOT, "%s is %s (%s when %s)", name(), fmt(v), s.label(), hit.text()),
                    Map.of("value", v, "condition", hit.text())));
        }
    }

    private static boolean holds(NumberCondition c, double v) {
        return c != null && c.holds(v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The query is judged and planned, not run: a typo, a missing table, a missing privilege or a refusal shows here. */
    @Override
    protected void prepare(Connection c, CheckContext context, List<dev.caretaker.check.Readiness> out) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            List<String> refusals = dev.caretaker.guard.QueryGuard.refusals(c, config.query());
            out.add(refusals.isEmpty() ? dev.caretaker.check.Readiness.ok(name(), "the query plans and only reads")
                    : dev.caretaker.check.Readiness.problem(name(), Sql.refusal(refusals)));
        } catch (SQLException e) {
            if (Sql.unreachable(e)) {
                throw e;
            }
            out.add(dev.caretaker.check.Readiness.problem(name(), "the query does not plan: " + Sql.reason("query", e,
                    context.databases().config(config.database()).statementTimeout())));
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }
}
