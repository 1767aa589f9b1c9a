package dev.caretaker.check.activity;

import dev.caretaker.check.Check;
import dev.caretaker.check.CheckKind;
import dev.caretaker.config.CheckConfig;
import dev.caretaker.config.Metrics.Metric;
import dev.caretaker.config.Section;
import dev.caretaker.config.SecurityCheckConfig;
import dev.caretaker.guard.CheckGrants;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code type: security}: failed-login bursts from one address (the app's log or Supabase Auth's), and row-level security. */
public final class SecurityKind implements CheckKind {
    private static final List<Metric> METRICS = List.of(
            Metric.of("security.login_bursts", "addresses", "addresses with more failed logins than allowed in the window"),
            Metric.of("security.tables_without_rls", "tables", "tables without row-level security in rls_schemas"));

    @Override
    public String name() {
        return "security";
    }

    @Override
    public List<String> keys() {
        return List.of("database", "table", "time_column", "ip_column", "success_column", "user_column", "window", "max_failures_per_ip",
                "rls_schemas", "source", "max_accounts_per_ip");
    }

    @Override
    public CheckConfig read(Section s, Draft draft) {
        String db = draft.database(s);
        String source = s.string("source", "table");
        s.oneOf("source", source, Set.of("table", SecurityCheckConfig.SUPABASE_AUTH));
        boolean supabase = source.equals(SecurityCheckConfig.SUPABASE_AUTH);
        if (supabase && s.has("table")) {
            s.problem("table", "security check '" + draft.name() + "' reads Supabase Auth's " + SecurityCheckConfig.SUPABASE_AUTH_TABLE
                    + " (source: supabase-auth); drop 'table', or drop 'source' to read your own table");
        }
        String table = supabase ? SecurityCheckConfig.SUPABASE_AUTH_TABLE : s.string("table", null);
        List<String> rls = s.strings("rls_schemas");
        if (table == null && rls.isEmpty()) {
            s.problem("security check '" + draft.name() + "' has nothing to check: add 'table' (a login log), 'source: supabase-auth' "
                    + "or 'rls_schemas'");
        }
        return new SecurityCheckConfig(this, draft.name(), draft.description(), db, table, s.string("time_column", "created_at"),
                supabase ? "ip_address" : s.string("ip_column", "ip"), s.string("success_column", "success"), s.string("user_column", null),
                s.duration("window", SecurityCheckConfig.DEFAULT_WINDOW, Duration.ofMinutes(1), Duration.ofDays(31)),
                s.integer("max_failures_per_ip", SecurityCheckConfig.DEFAULT_MAX_FAILURES_PER_IP, 1, 1_000_000), rls, source,
                s.integer("max_accounts_per_ip", SecurityCheckConfig.DEFAULT_MAX_ACCOUNTS_PER_IP, 1, 1_000_000));
    }

    @Override
    public List<Metric> metrics() {
        return METRICS;
    }

    @Override
    public Check create(CheckConfig config) {
        return new SecurityCheck((SecurityCheckConfig) config);
    }

    /** The login log, when it reads one. */
    @Override
    public void grants(CheckConfig config, CheckGrants grants) throws SQLException {
        SecurityCheckConfig s = (SecurityCheckConfig) config;
        if (s.table() != null) {
            grants.select(s.table());
        }
    }
}
