package dev.caretaker.review;

import dev.caretaker.check.Row;
import dev.caretaker.check.Sql;
import dev.caretaker.check.SqlResource;
import java.sql.Connection;
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
    /** One automated item: what it asks, the query whose rows are the offenders ({@code sql/audit/}), and whether offenders fail it or warn. */
    record Item(String title, String resource, boolean fails) {
        String query() {
            return SqlResource.load(resource).strip();
        }
    }

    static final List<Item> ITEMS = List.of(
            new Item("row-level security on every table of rls_schemas", "audit/rls-missing.sql", true),
            new Item("no table with row-level security on and no policy (it returns no rows to anyone but its owner)", "audit/rls-without-policy.sql", true),
            new Item("no policy on a table whose row-level security is off (the policy protects nothing)", "audit/policy-without-rls.sql", true),
            new Item("one superuser at most (the bootstrap role)", "audit/superusers.sql", true),
            new Item("no other role that can create databases or roles", "audit/create-roles.sql", false),
            new Item("every login role's password expires (VALID UNTIL)", "audit/password-expiry.sql", false),
            new Item("SSL on", "audit/ssl.sql", true),
            new Item("installed extensions up to date", "audit/extensions.sql", false),
            new Item("no CREATE on schema public for PUBLIC", "audit/public-create.sql", true),
            new Item("every SECURITY DEFINER function sets its search_path", "audit/definer-search-path.sql", true));

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
                try {
                    String query = item.query();
                    for (Row r : query.contains("?") ? Sql.query(conn, query, c.report().rlsSchemas()) : Sql.query(conn, query)) {
                        offenders.add(r.str("offender"));
                    }
                } catch (SQLException e) {
                    error = Sql.connectionProblem(e, c.databases().config(database));
                }
                String state = error != null ? "warn" : offenders.isEmpty() ? "pass" : item.fails() ? "fail" : "warn";
                failed += "fail".equals(state) ? 1 : 0;
                warned += "warn".equals(state) ? 1 : 0;
                String what = error != null ? "could not be judged: " + error : offenders.isEmpty() ? "none" : join(offenders);
                rows.add(new Review.Row(List.of(item.title(), what), state, item.query().replace("= ANY (?::text[])", "IN (" + String.join(", ",
                        c.report().rlsSchemas().stream().map(s -> "'" + s + "'").toList()) + ")")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach database '" + database + "' for the security audit: "
                    + Sql.connectionProblem(e, c.databases().config(database)), e);
        }
        List<Review.Row> findings = c.sources().stats().securityFindings(c.range().from(), c.range().to()).stream()
                .map(f -> new Review.Row(List.of(f.code(), f.subject(), String.valueOf(f.count()), Fmt.when(f.last(), c.zone()), f.message()),
                        "critical".equals(f.severity()) ? "fail" : "warn", null)).toList();
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
