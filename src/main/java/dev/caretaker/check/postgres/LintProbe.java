package dev.caretaker.check.postgres;

import dev.caretaker.check.Finding;
import dev.caretaker.check.ResultBuilder;
import dev.caretaker.check.Row;
import dev.caretaker.config.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structural lints PgHero and Supabase's splinter run and the other probes do not: tables without a primary key,
 * constraints never validated, row-level security without policies and policies without row-level security, extensions in
 * {@code public}, functions without a fixed {@code search_path} (a warning for SECURITY DEFINER ones), and views over
 * row-level-security tables that run as their owner. One query for all of them.
 */
final class LintProbe extends Probe {
    LintProbe() {
        super("lints", "postgres/lints.sql", "postgres.no_primary_key", "postgres.not_valid_constraint", "postgres.rls_without_policy",
                "postgres.policy_without_rls", "postgres.extension_in_public", "postgres.function_search_path", "postgres.security_definer_view");
    }

    @Override
    void judge(List<Row> rows, ProbeContext ctx, ResultBuilder out) {
        for (Row r : rows) {
            String subject = r.str("subject");
            String detail = r.isNull("detail") ? null : r.str("detail");
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("lint", r.str("kind"));
            if (detail != null) {
                evidence.put("detail", detail);
            }
            switch (r.str("kind")) {
                case "no_primary_key" -> out.find(new Finding("postgres.no_primary_key", Severity.INFO, subject, subject + " has no primary key: "
                        + "rows cannot be told apart for updates, logical replication or deduplication; add one", evidence));
                case "not_valid_constraint" -> out.find(new Finding("postgres.not_valid_constraint", Severity.WARNING, subject, "the " + detail
                        + " constraint " + subject + " was added NOT VALID and never validated: existing rows may break it; ALTER TABLE … VALIDATE "
                        + "CONSTRAINT (it locks lightly)", evidence));
                case "rls_without_policy" -> out.find(new Finding("postgres.rls_without_policy", Severity.INFO, subject, subject
                        + " has row-level security on and no policy: nobody but its owner reads a row; add policies or turn it off on purpose", evidence));
                case "policy_without_rls" -> out.find(new Finding("postgres.policy_without_rls", Severity.WARNING, subject, subject + " has policies ("
                        + detail + ") but row-level security is off, so they protect nothing; ALTER TABLE " + subject + " ENABLE ROW LEVEL SECURITY", evidence));
                case "extension_in_public" -> out.find(new Finding("postgres.extension_in_public", Severity.INFO, subject, "extension " + subject
                        + " is installed in schema public, where every role can reach and shadow its objects; move it to a schema of its own "
                        + "(ALTER EXTENSION " + subject + " SET SCHEMA extensions)", evidence));
                case "definer_search_path" -> out.find(new Finding("postgres.function_search_path", Severity.WARNING, subject, "SECURITY DEFINER "
                        + "function " + subject + " has no fixed search_path: a caller's objects can take the place of the ones it means, with its "
                        + "owner's rights; ALTER FUNCTION " + subject + " SET search_path = pg_catalog, public", evidence));
                case "function_search_path" -> out.find(new Finding("postgres.function_search_path", Severity.INFO, subject, "function " + subject
                        + " has no fixed search_path, so what it calls depends on the caller's; ALTER FUNCTION " + subject + " SET search_path = …", evidence));
                case "security_definer_view" -> out.find(new Finding("postgres.security_definer_view", Severity.WARNING, subject, "view " + subject
                        + " reads " + detail + ", which has row-level security, with its owner's rights: every reader sees every row; "
                        + "ALTER VIEW " + subject + " SET (security_invoker = true)", evidence));
                default -> { }
            }
        }
    }
}
