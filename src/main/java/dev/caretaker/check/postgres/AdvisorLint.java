package dev.caretaker.check.postgres;

import dev.caretaker.check.Row;
import dev.caretaker.config.Identifiers;
import dev.caretaker.config.Severity;
import java.util.Locale;
import java.util.function.Function;

/**
 * The lints of Supabase's database advisors (splinter) that the other probes do not run: what each finds is splinter's,
 * the queries under {@code sql/postgres/advisor/} are Caretaker's. Severity follows splinter's level (ERROR is critical,
 * WARN a warning). The Supabase-only ones need the {@code auth} schema and say nothing without it; the others run on any
 * PostgreSQL. An API schema is one PostgREST serves: the database's {@code pgrst.db_schemas}, else {@code public}.
 */
enum AdvisorLint {
    AUTH_USERS_EXPOSED("0002", Severity.CRITICAL, Gate.SUPABASE, r -> r.str("kind") + " " + r.str("subject") + " reads auth.users and "
            + r.str("readable_by") + " may select it over the Data API, while " + r.str("why") + ": every user's email and metadata are "
            + "readable with the app's public key; REVOKE SELECT ON " + r.str("subject") + " FROM anon, authenticated, or move it out of the API schema"),
    AUTH_RLS_INITPLAN("0003", Severity.WARNING, Gate.NONE, r -> "policy " + q(r.str("policy")) + " on " + r.str("table") + " calls "
            + r.str("calls") + " directly, so the call runs again for every row a query reads; wrap each call in a select, e.g. (select auth.uid()), "
            + "so it runs once per statement"),
    MULTIPLE_PERMISSIVE_POLICIES("0006", Severity.WARNING, Gate.NONE, r -> r.str("table") + " has more than one permissive policy for role "
            + r.str("role") + " on the same action (" + r.str("policies") + "), and PostgreSQL evaluates each of them for every row; merge them "
            + "into one policy per action, their conditions joined with OR"),
    RLS_REFERENCES_USER_METADATA("0015", Severity.CRITICAL, Gate.NONE, r -> "policy " + q(r.str("policy")) + " on " + r.str("table")
            + " trusts user_metadata from the sign-in token, which every user can edit for themselves: anyone can give themselves what it "
            + "checks; use app_metadata (only the server sets it) or a table of your own instead"),
    MATERIALIZED_VIEW_IN_API("0016", Severity.WARNING, Gate.SUPABASE, r -> "materialized view " + r.str("subject") + " is in an API schema and "
            + r.str("readable_by") + " may select it; a materialized view has no row-level security, so all its rows are readable over the "
            + "Data API; REVOKE SELECT ON " + r.str("subject") + " FROM anon, authenticated, or move it to a schema the API does not serve"),
    FOREIGN_TABLE_IN_API("0017", Severity.WARNING, Gate.SUPABASE, r -> "foreign table " + r.str("subject") + " is in an API schema and "
            + r.str("readable_by") + " may select it; a foreign table ignores row-level security, so all its rows are readable over the Data "
            + "API; REVOKE SELECT ON " + r.str("subject") + " FROM anon, authenticated, or move it to a schema the API does not serve"),
    UNSUPPORTED_REG_TYPES("0018", Severity.WARNING, Gate.NONE, r -> "column " + r.str("column") + " of " + r.str("table") + " has type "
            + r.str("type") + ", which stores internal object IDs that pg_upgrade cannot carry over: the database cannot be upgraded in place "
            + "until it changes; ALTER TABLE " + r.str("table") + " ALTER COLUMN " + r.str("column") + " TYPE text USING " + r.str("column") + "::text"),
    EXTENSION_VERSIONS_OUTDATED("0022", Severity.WARNING, Gate.NONE, r -> "extension " + r.str("subject") + " is at version "
            + r.str("installed_version") + " while this server ships " + r.str("default_version") + ", so the newer version's fixes are missing; "
            + "ALTER EXTENSION " + q(r.str("subject")) + " UPDATE"),
    RLS_POLICY_ALWAYS_TRUE("0024", Severity.WARNING, Gate.NONE, r -> "policy " + q(r.str("policy")) + " on " + r.str("table") + " lets "
            + r.str("roles") + " " + verb(r.str("command")) + " any row (its " + r.str("clause")
            + (r.str("clause").contains(" and ") ? " clauses are" : " clause is") + " always true): row-level security protects "
            + "nothing there; give it a condition on the row, e.g. its owner"),
    SENSITIVE_COLUMNS_EXPOSED("0023", Severity.CRITICAL, Gate.SUPABASE, r -> r.str("subject") + " has no row-level security, "
            + r.str("readable_by") + " may select it over the Data API, and it holds " + r.str("columns") + ": anyone with the app's public key "
            + "can read them; ALTER TABLE " + r.str("subject") + " ENABLE ROW LEVEL SECURITY and add policies, or revoke SELECT"),
    RLS_DISABLED_IN_PUBLIC("0013", Severity.CRITICAL, Gate.SUPABASE, r -> r.str("subject") + " is in an API schema, " + r.str("readable_by")
            + " may select it, and it has no row-level security: every row is readable with the app's public key; ALTER TABLE "
            + r.str("subject") + " ENABLE ROW LEVEL SECURITY and add policies"),
    INSECURE_QUEUE_EXPOSED_IN_API("0019", Severity.CRITICAL, Gate.SUPABASE, r -> "queue " + r.str("queue") + " (" + r.str("subject")
            + ") has no row-level security and " + r.str("readable_by") + " may read it while pgmq_public is served over the API: anyone with "
            + "the public key reads and takes its messages; ALTER TABLE " + r.str("subject") + " ENABLE ROW LEVEL SECURITY and add policies"),
    FKEY_TO_AUTH_UNIQUE("0021", Severity.CRITICAL, Gate.SUPABASE, r -> "foreign key " + q(r.str("foreign_key")) + " of " + r.str("table")
            + " references " + r.str("references") + " through its unique index " + r.str("unique_index") + ", not its primary key: a Supabase "
            + "Auth upgrade that changes that constraint will fail; reference the primary key (id) instead, or drop the foreign key"),
    ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE("0028", Severity.WARNING, Gate.SUPABASE, r -> definer(r, "anon, that is anyone with the public "
            + "anon key")),
    AUTHENTICATED_SECURITY_DEFINER_FUNCTION_EXECUTABLE("0029", Severity.WARNING, Gate.SUPABASE, r -> definer(r, "authenticated, that is "
            + "any signed-in user")),
    PUBLIC_BUCKET_ALLOWS_LISTING("0025", Severity.WARNING, Gate.STORAGE, r -> "public bucket " + r.str("bucket") + " can be listed: "
            + "policy " + r.str("policies") + " on storage.objects lets anyone list every file in it, which the files' public URLs do not "
            + "need; narrow the policy to the files meant, or drop it");

    /** When a lint runs: always, with Supabase's auth schema, or also with Supabase Storage's buckets table the checks role may read. */
    enum Gate {
        NONE(null),
        SUPABASE("SELECT to_regnamespace('auth') IS NOT NULL AS present"),
        STORAGE("SELECT to_regnamespace('auth') IS NOT NULL AND EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'storage' AND c.relname = 'buckets' AND has_schema_privilege(n.oid, 'USAGE') "
                + "AND has_table_privilege(c.oid, 'SELECT')) AS present");

        final String sql;

        Gate(String sql) {
            this.sql = sql;
        }
    }

    private final String number;
    private final Severity severity;
    private final Gate gate;
    private final Function<Row, String> message;

    AdvisorLint(String number, Severity severity, Gate gate, Function<Row, String> message) {
        this.number = number;
        this.severity = severity;
        this.gate = gate;
        this.message = message;
    }

    /** splinter's name, e.g. {@code auth_rls_initplan}. */
    String lintName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String code() {
        return "postgres." + lintName();
    }

    /** splinter's identifier, e.g. {@code 0003_auth_rls_initplan}. */
    String splinter() {
        return number + "_" + lintName();
    }

    /** The page of Supabase's database linter guide that explains the lint and its fix. */
    String remediation() {
        String page = this == RLS_POLICY_ALWAYS_TRUE ? "0024_permissive_rls_policy" : splinter();
        return "https://supabase.com/docs/guides/database/database-linter?lint=" + page;
    }

    Severity severity() {
        return severity;
    }

    Gate gate() {
        return gate;
    }

    String message(Row r) {
        return message.apply(r);
    }

    private static String q(String name) {
        return Identifiers.quote(name);
    }

    private static String verb(String command) {
        return command.equals("ALL") ? "read and change" : command.toLowerCase(Locale.ROOT);
    }

    private static String definer(Row r, String who) {
        return "SECURITY DEFINER function " + r.str("subject") + " may be called by " + who + " (/rest/v1/rpc/" + r.str("function")
                + "), and runs with " + r.str("owner") + "'s rights, past row-level security; REVOKE EXECUTE ON FUNCTION " + r.str("subject")
                + " FROM PUBLIC, anon, authenticated and grant it to whom it is meant for, or make it SECURITY INVOKER";
    }
}
