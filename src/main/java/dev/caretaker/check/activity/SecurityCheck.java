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
import dev.caretaker.check.Unjudged;
import java.util.List;
import dev.caretaker.config.SecurityCheckConfig;
import dev.caretaker.config.Units;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code type: security}: bursts of failed logins from one address; tables without row-level security; extra superusers. */
public final class SecurityCheck extends DatabaseCheck<SecurityCheckConfig> {
    static final String TRUE_WORDS = "('t', 'true', '1', 'yes', 'y', 'success', 'succeeded', 'ok')";

    public SecurityCheck(SecurityCheckConfig config) {
        super(config);
    }

    @Override
    protected void inspect(Connection c, CheckContext context, ResultBuilder out) throws SQLException {
        Duration timeout = context.databases().config(config.database()).statementTimeout();
        if (config.supabaseAuth()) {
            step("Supabase Auth", List.of(Unjudged.code("security.account_spread"), Unjudged.code("security.recovery_burst")), context, out, timeout,
                    () -> supabaseAuth(c, out));
        } else if (config.table() != null) {
            step("login bursts", List.of(Unjudged.code("security.login_burst")), context, out, timeout, () -> bursts(c, out));
        }
        if (!config.rlsSchemas().isEmpty()) {
            step("row-level security", List.of(Unjudged.code("security.rls_disabled")), context, out, timeout, () -> rls(c, out));
            step("superusers", List.of(Unjudged.code("security.superuser_roles")), context, out, timeout, () -> superusers(c, out));
        }
    }

    private void bursts(Connection c, ResultBuilder out) throws SQLException {
        Catalog.Table t = Catalog.read(c).table(config.table());
        Map<String, String> sql = new HashMap<>();
        sql.put("table", t.quoted());
        sql.put("time", Catalog.column(t, config.timeColumn()));
        String ip = Catalog.column(t, config.ipColumn());
        boolean inet = t.type(config.ipColumn()).equals("inet") || t.type(config.ipColumn()).equals("cidr");
        sql.put("ip_t", inet ? "host(t." + ip + ")" : "t." + ip + "::text");
        sql.put("ip_s", inet ? "host(s." + ip + ")" : "s." + ip + "::text");
        String success = Catalog.column(t, config.successColumn());
        boolean bool = t.type(config.successColumn()).equals("boolean");
        sql.put("success_t", bool ? "coalesce(t." + success + ", false)" : "coalesce(lower(t." + success + "::text) IN " + TRUE_WORDS + ", false)");
        sql.put("success_s", bool ? "coalesce(s." + success + ", false)" : "coalesce(lower(s." + success + "::text) IN " + TRUE_WORDS + ", false)");
        sql.put("user_t", config.userColumn() == null ? "NULL::text" : "t." + Catalog.column(t, config.userColumn()));
        sql.put("window_seconds", String.valueOf(config.window().toSeconds()));
        sql.put("min_failures", String.valueOf(config.maxFailuresPerIp()));
        int bursts = 0;
        for (Row r : Sql.query(c, SqlResource.fill("security/login_bursts.sql", sql))) {
            bursts++;
            long failures = r.lng("failures");
            boolean successAfter = r.bool("success_after");
            Severity s = successAfter || failures >= (long) config.maxFailuresPerIp() * SecurityCheckConfig.CRITICAL_FACTOR
                    ? Severity.CRITICAL : Severity.WARNING;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("failures", failures);
            if (config.userColumn() != null) {
                e.put("distinct_users", r.lng("users"));
            }
            e.put("first_failure", String.valueOf(r.instant("first_failure")));
            e.put("last_failure", String.valueOf(r.instant("last_failure")));
            e.put("success_after_burst", successAfter);
            e.put("limit", config.maxFailuresPerIp());
            out.find(new Finding("security.login_burst", s, r.str("ip"), failures + " failed logins from " + r.str("ip") + " in the last "
                    + Units.humanDuration(config.window()) + (config.userColumn() == null ? "" : " against " + r.lng("users") + " user(s)")
                    + (successAfter ? ", then a successful login from the same address: check that account now" : ""), e));
        }
        out.measure("security.login_bursts", bursts, "check", name());
    }

    /**
     * Supabase Auth keeps what succeeded, not failed sign-ins (its maintainers' choice): one address signing into many
     * accounts (credential stuffing that worked, or a shared login) and one address asking for many password recoveries.
     */
    private void supabaseAuth(Connection c, ResultBuilder out) throws SQLException {
        Map<String, String> sql = Map.of("window_seconds", String.valueOf(config.window().toSeconds()),
                "max_accounts", String.valueOf(config.maxAccountsPerIp()), "max_recoveries", String.valueOf(config.maxFailuresPerIp()));
        int found = 0;
        for (Row r : Sql.query(c, SqlResource.fill("security/supabase_auth.sql", sql))) {
            String ip = r.str("ip");
            long accounts = r.lng("accounts");
            long recoveries = r.lng("recoveries");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("accounts", accounts);
            e.put("recovery_requests", recoveries);
            e.put("events", r.lng("events"));
            e.put("first_at", String.valueOf(r.instant("first_at")));
            e.put("last_at", String.valueOf(r.instant("last_at")));
            if (accounts > config.maxAccountsPerIp()) {
                found++;
                Severity s = accounts >= (long) config.maxAccountsPerIp() * SecurityCheckConfig.CRITICAL_FACTOR ? Severity.CRITICAL : Severity.WARNING;
                out.find(new Finding("security.account_spread", s, ip, accounts + " different accounts signed in from " + ip + " in the last "
                        + Units.humanDuration(config.window()) + " (more than " + config.maxAccountsPerIp() + "): credential stuffing that worked, "
                        + "or a shared login; look at those accounts", e));
            }
            if (recoveries > config.maxFailuresPerIp()) {
                found++;
                out.find(new Finding("security.recovery_burst", Severity.WARNING, ip, recoveries + " password recoveries requested from " + ip
                        + " in the last " + Units.humanDuration(config.window()) + " (more than " + config.maxFailuresPerIp() + "): account "
                        + "enumeration or mail bombing; rate-limit recovery for that address", e));
            }
        }
        out.measure("security.login_bursts", found, "check", name());
    }

    private void rls(Connection c, ResultBuilder out) throws SQLException {
        String schemas = config.rlsSchemas().stream().map(SqlResource::literal).collect(Collectors.joining(", "));
        int count = 0;
        for (Row r : Sql.query(c, SqlResource.fill("security/rls_disabled.sql", Map.of("schemas", schemas)))) {
            count++;
            String table = r.str("schema") + "." + r.str("table_name");
            out.find(new Finding("security.rls_disabled", Severity.WARNING, table, table
                    + " has no row-level security: anyone with API access can read every row; ALTER TABLE " + table
                    + " ENABLE ROW LEVEL SECURITY and add policies", Map.of("schema", r.str("schema"), "table", r.str("table_name"))));
        }
        out.measure("security.tables_without_rls", count, "check", name());
    }

    private void superusers(Connection c, ResultBuilder out) throws SQLException {
        for (Row r : Sql.resource(c, "security/superusers.sql")) {
            String role = r.str("role_name");
            out.find(new Finding("security.superuser_roles", Severity.WARNING, role, "role " + role
                    + " can log in as a superuser; give it only the rights it needs (ALTER ROLE " + role + " NOSUPERUSER)",
                    Map.of("role", role)));
        }
    }

    @Override
    protected void prepare(Connection c, CheckContext context, List<dev.caretaker.check.Readiness> out) throws SQLException {
        if (config.supabaseAuth()) {
            new dev.caretaker.check.TableAccess(c, name(), out).readable(config.table(), "created_at", "ip_address", "payload");
        } else if (config.table() != null) {
            new dev.caretaker.check.TableAccess(c, name(), out).readable(config.table(), config.timeColumn(), config.ipColumn(),
                    config.successColumn(), config.userColumn());
        }
        for (String schema : config.rlsSchemas()) {
            boolean exists = !Sql.query(c, "SELECT 1 FROM pg_namespace WHERE nspname = " + SqlResource.literal(schema)).isEmpty();
            out.add(exists ? dev.caretaker.check.Readiness.ok(name(), "schema " + schema + " is there")
                    : dev.caretaker.check.Readiness.problem(name(), "rls_schemas names schema '" + schema + "', which this database does not have"));
        }
    }
}
