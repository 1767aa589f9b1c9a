package dev.caretaker.review;

import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monthly security audit of manual 003: each item passes or fails by a query against the app's database, shown with
 * the item; the period's security findings from the store; and the items only a person can do, listed as such.
 */
final class SecurityAudit {
    /** One automated item: what it asks, the query whose rows are the offenders, and whether offenders fail it or warn. */
    record Item(String title, String query, boolean fails) {
    }

    static final String SCHEMAS = "(SELECT unnest(?::text[]))";
    static final List<Item> ITEMS = List.of(
            new Item("row-level security on every table of rls_schemas",
                    "SELECT n.nspname || '.' || c.relname AS offender FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            + "WHERE c.relkind IN ('r', 'p') AND n.nspname IN " + SCHEMAS + " AND NOT c.relrowsecurity ORDER BY 1", true),
            new Item("no table with row-level security on and no policy (it returns no rows to anyone but its owner)",
                    "SELECT n.nspname || '.' || c.relname AS offender FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            + "WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                            + "AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) ORDER BY 1", true),
            new Item("no policy on a table whose row-level security is off (the policy protects nothing)",
                    "SELECT DISTINCT n.nspname || '.' || c.relname || ' (' || p.polname || ')' AS offender FROM pg_policy p "
                            + "JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT c.relrowsecurity ORDER BY 1", true),
            new Item("one superuser at most (the bootstrap role)",
                    "SELECT rolname AS offender FROM pg_roles WHERE rolsuper AND oid <> 10 ORDER BY 1", true),
            new Item("no other role that can create databases or roles",
                    "SELECT rolname || CASE WHEN rolcreaterole THEN ' CREATEROLE' ELSE '' END || CASE WHEN rolcreatedb THEN ' CREATEDB' ELSE '' END "
                            + "AS offender FROM pg_roles WHERE NOT rolsuper AND (rolcreatedb OR rolcreaterole) AND rolname NOT LIKE 'pg\\_%' ORDER BY 1", false),
            new Item("every login role's password expires (VALID UNTIL)",
                    "SELECT rolname AS offender FROM pg_roles WHERE rolcanlogin AND rolvaliduntil IS NULL AND oid <> 10 ORDER BY 1", false),
            new Item("SSL on",
                    "SELECT 'ssl = ' || setting AS offender FROM pg_settings WHERE name = 'ssl' AND setting <> 'on'", true),
            new Item("installed extensions up to date",
                    "SELECT name || ' ' || installed_version || ' (available: ' || default_version || ')' AS offender FROM pg_available_extensions "
                            + "WHERE installed_version IS NOT NULL AND installed_version <> default_version ORDER BY 1", false),
            new Item("no CREATE on schema public for PUBLIC",
                    "SELECT 'PUBLIC has CREATE on schema public' AS offender FROM pg_namespace n, "
                            + "aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE n.nspname = 'public' AND a.grantee = 0 "
                            + "AND a.privilege_type = 'CREATE'", true),
            new Item("every SECURITY DEFINER function sets its search_path",
                    "SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS offender FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prosecdef "
                            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, "
                            + "'{}'::text[])) s WHERE s LIKE 'search\\_path=%') ORDER BY 1", true));

    /** What a person must do and Caretaker cannot judge. */
    static final List<String> MANUAL = List.of(
            "rotate API keys and service secrets due this month (Caretaker cannot see the app's key ages)",
            "review who has access: dashboard users (caretaker users list), database roles above, third-party integrations",
            "review the audit log for unexpected writes (caretaker audit list)");

    private SecurityAudit() {
    }

    static Review make(Context c) {
        String database = c.report().database().orElseThrow(() -> new IllegalArgumentException("report '" + c.report().name()
                + "' is a security audit and the config has no database for it"));
        List<Review.Row> rows = new ArrayList<>();
        int failed = 0;
        int warned = 0;
        try (Connection conn = c.databases().connect(database)) {
            for (Item item : ITEMS) {
                List<String> offenders = new ArrayList<>();
                String error = null;
                try (PreparedStatement st = conn.prepareStatement(item.query())) {
                    if (item.query().contains(SCHEMAS)) {
                        st.setArray(1, conn.createArrayOf("text", c.report().rlsSchemas().toArray()));
                    }
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            offenders.add(rs.getString(1));
                        }
                    }
                } catch (SQLException e) {
                    error = Sql.connectionProblem(e, c.databases().config(database));
                }
                String state = error != null ? "warn" : offenders.isEmpty() ? "pass" : item.fails() ? "fail" : "warn";
                failed += "fail".equals(state) ? 1 : 0;
                warned += "warn".equals(state) ? 1 : 0;
                String what = error != null ? "could not be judged: " + error : offenders.isEmpty() ? "none" : join(offenders);
                rows.add(new Review.Row(List.of(item.title(), what), state, item.query().replace(SCHEMAS, "(" + String.join(", ",
                        c.report().rlsSchemas().stream().map(s -> "'" + s + "'").toList()) + ")")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach database '" + database + "' for the security audit: "
                    + Sql.connectionProblem(e, c.databases().config(database)), e);
        }
        List<Review.Row> findings = c.store().withHandle(h -> h.createQuery("SELECT f.code, f.subject, f.severity, count(*) AS n, max(r.finished_at) AS last, "
                        + "(array_agg(f.message ORDER BY r.finished_at DESC))[1] AS message FROM finding f JOIN run r ON r.id = f.run_id "
                        + "WHERE r.system = :system AND r.finished_at >= :from AND r.finished_at < :to AND (f.code LIKE 'security.%' "
                        + "OR f.code = 'caretaker.privileged_role') GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2")
                .bind("system", c.system()).bind("from", c.from()).bind("to", c.to())
                .map((rs, ctx) -> new Review.Row(List.of(rs.getString("code"), rs.getString("subject"), String.valueOf(rs.getLong("n")),
                        Fmt.when(rs.getTimestamp("last").toInstant(), c.zone()), rs.getString("message")),
                        "critical".equals(rs.getString("severity")) ? "fail" : "warn", null)).list());
        List<Review.Row> manual = MANUAL.stream().map(m -> new Review.Row(List.of(m), "manual", null)).toList();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("database", database);
        figures.put("items", ITEMS.size());
        figures.put("failed", failed);
        figures.put("warnings", warned);
        figures.put("security_findings", findings.size());
        figures.put("verdict", failed == 0 && findings.isEmpty() ? "passed" : failed + " failed, " + warned + " to review, " + findings.size()
                + " security finding(s)");
        List<Review.Section> sections = List.of(
                new Review.Section("Database " + database, "Each item is decided by the query beside it, run as Caretaker's checks role.",
                        List.of("item", "offenders"), rows, List.of(), List.of()),
                new Review.Section("Security findings of the period", findings.isEmpty() ? "No security finding (login bursts, row-level security, "
                        + "privileged roles) in this period." : "", List.of("code", "subject", "runs", "last seen", "message"), findings, List.of(), List.of()),
                new Review.Section("For a person", "Caretaker cannot judge these; they are listed, not faked.", List.of("task"), manual, List.of(), List.of()));
        return new Review(c.report().name(), c.report().type(), c.system(), "Security audit of " + c.system(), c.range().from(), c.range().to(),
                c.now(), c.zone().getId(), figures, sections);
    }

    private static String join(List<String> offenders) {
        int shown = Math.min(12, offenders.size());
        return String.join(", ", offenders.subList(0, shown)) + (offenders.size() > shown ? " and " + (offenders.size() - shown) + " more" : "");
    }
}
