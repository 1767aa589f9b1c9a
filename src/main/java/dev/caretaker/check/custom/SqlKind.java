package dev.caretaker.check.custom;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.NumberCondition;
import dev.caretaker.config.Section;
import dev.caretaker.config.Severity;
import dev.caretaker.config.SqlCheckConfig;
import dev.caretaker.config.SqlText;
import dev.caretaker.guard.CheckGrants;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

/** {@code type: sql}: your own read-only query — one number judged by conditions, or one finding per row. */
public final class SqlKind implements CheckKind {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "query", "warning", "critical", "code", "severity", "subject_column");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String db = draft.database(s);
        String query = s.required("query").orElse(null);
        if (query != null) {
            SqlText.notAQuery(query).ifPresent(why -> s.problem("query", "the query of check '" + draft.name() + "' is refused: " + why));
        }
        String code = s.string("code", SqlCheckConfig.DEFAULT_CODE);
        if (!CODE.matcher(code).matches()) {
            s.problem("code", "'" + code + "' is not a finding code: write family.name in lower case, e.g. app.stuck_orders");
        }
        Severity severity = s.parsed("severity", Severity::parse).orElse(SqlCheckConfig.DEFAULT_SEVERITY);
        return new SqlCheckConfig(this, draft.name(), draft.description(), db, query,
                s.parsed("warning", NumberCondition::parse).orElse(null), s.parsed("critical", NumberCondition::parse).orElse(null),
                code, severity, s.string("subject_column", null));
    }

    /** Its measurements carry the check's name: a sql check measures what its query says. */
    @Override
    public List<Metric> metrics() {
        return List.of();
    }

    @Override
    public List<Metric> metrics(CheckConfig check) {
        return List.of(Metric.of("sql." + check.name(), "value", "the number the query returned"),
                Metric.of("sql." + check.name() + "_rows", "rows", "rows the query returned"));
    }

    @Override
    public Check create(CheckConfig config) {
        return new SqlCheck((SqlCheckConfig) config);
    }

    /** What the query reads; a name that is no table (a column, an alias) is passed over. */
    @Override
    public void grants(CheckConfig config, CheckGrants grants) throws SQLException {
        for (String name : SqlText.relationNames(((SqlCheckConfig) config).query())) {
            grants.selectIfExists(name);
        }
    }
}
