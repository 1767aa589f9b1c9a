package dev.caretaker.check.activity;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.ErrorsCheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.SqlText;
import dev.caretaker.config.Units;
import dev.caretaker.guard.CheckGrants;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code type: errors}: an error log table, its last window against a baseline of the windows before it. */
public final class ErrorsKind implements CheckKind {
    /** The keys of {@code total}, what counts all requests of a window. */
    public static final List<String> TOTAL_KEYS = List.of("table", "time_column", "query");
    private static final List<Metric> METRICS = List.of(
            Metric.of("errors.count", "errors", "errors in the last window"),
            Metric.of("errors.window_count", "errors", "errors in the last window, by group", "group"),
            Metric.of("errors.baseline_median", "errors", "median errors per window before it, by group", "group"),
            Metric.of("errors.requests", "requests", "requests in the last window (with 'total')"),
            Metric.of("errors.rate_percent", "percent", "errors per request in the last window (with 'total')"),
            Metric.of("errors.new_issues", "issues", "issues Sentry saw for the first time since the check last looked (source sentry)"),
            GithubActionsSource.RATE_LIMIT);
    private static final List<SentrySource> SOURCES = List.of(new SentrySource());

    @Override
    public String name() {
        return "errors";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "table", "time_column", "group_by", "window", "baseline", "total");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String db = draft.database(s);
        String table = s.required("table").orElse(null);
        Duration window = s.duration("window", ErrorsCheckConfig.DEFAULT_WINDOW, Duration.ofMinutes(1), Duration.ofDays(31));
        Duration baseline = s.duration("baseline", ErrorsCheckConfig.DEFAULT_BASELINE, Duration.ofMinutes(3), Duration.ofDays(400));
        if (baseline.compareTo(window.multipliedBy(3)) < 0) {
            s.problem("baseline", "'baseline' must cover at least 3 windows (" + Units.formatDuration(window.multipliedBy(3)) + ")");
        }
        return new ErrorsCheckConfig(this, draft.name(), draft.description(), db, table, s.string("time_column", "created_at"),
                s.string("group_by", null), window, baseline, s.has("total") ? total(s, draft.name()) : null);
    }

    private static ErrorsCheckConfig.Total total(Section s, String name) {
        Section t = s.section("total", TOTAL_KEYS);
        ErrorsCheckConfig.Total total = new ErrorsCheckConfig.Total(t.string("table", null), t.string("time_column", "created_at"),
                t.string("query", null));
        if ((total.table() == null) == (total.query() == null)) {
            s.problem("total", "'total' needs either 'table' (with 'time_column') or 'query', not both");
        } else if (total.query() != null) {
            SqlText.notAQuery(total.query()).ifPresent(why -> t.problem("query", "'total.query' of check '" + name + "' is refused: " + why));
        }
        return total;
    }

    /** {@code source: sentry}: error counts and new issues from Sentry's web API instead of a table. */
    @Override
    public List<SentrySource> sources() {
        return SOURCES;
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new ErrorsCheck((ErrorsCheckConfig) config);
    }

    /** The error log; what counts requests only where it is there (a total query names columns and aliases too). */
    @Override
    public void grants(CheckConfig config, CheckGrants grants) throws SQLException {
        ErrorsCheckConfig e = (ErrorsCheckConfig) config;
        grants.select(e.table());
        if (e.total() == null) {
            return;
        }
        List<String> counted = new ArrayList<>();
        if (e.total().table() != null) {
            counted.add(e.total().table());
        }
        if (e.total().query() != null) {
            counted.addAll(SqlText.relationNames(e.total().query()));
        }
        for (String name : counted) {
            if (name.equals(e.table())) {
                grants.select(name);
            } else {
                grants.selectIfExists(name);
            }
        }
    }
}
