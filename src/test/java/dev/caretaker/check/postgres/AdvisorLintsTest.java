package dev.caretaker.check.postgres;

import static dev.caretaker.Findings.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caretaker.TestDatabase;
import dev.caretaker.TestDatabases;
import dev.caretaker.check.CheckResult;
import dev.caretaker.check.Finding;
import dev.caretaker.config.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each lint of Supabase's database advisors (splinter) the postgres check runs, planted in a real database beside its
 * clean twin (the same object done right), which raises nothing. The Supabase shape is built here the way a Supabase
 * project has it: roles anon and authenticated, schema auth with auth.users, auth.uid() and auth.jwt(), public served by
 * the API.
 */
@ExtendWith(TestDatabases.class)
class AdvisorLintsTest {

    /** Supabase's API roles (cluster-wide, so made once and kept), its auth schema and the functions policies call. */
    static void supabase(TestDatabase db) {
        for (String role : List.of("anon", "authenticated")) {
            db.exec("DO $$ BEGIN CREATE ROLE " + role + " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
        }
        db.exec("CREATE SCHEMA auth",
                "CREATE TABLE auth.users (instance_id uuid, id uuid NOT NULL PRIMARY KEY, email character varying(255) UNIQUE, "
                        + "raw_user_meta_data jsonb, raw_app_meta_data jsonb, created_at timestamp with time zone)",
                "CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS "
                        + "$$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$",
                "CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS "
                        + "$$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$",
                "GRANT USAGE ON SCHEMA public TO anon, authenticated", "CREATE SCHEMA private");
    }

    static List<String> subjects(CheckResult r, AdvisorLint lint) {
        assertThat(r.error()).as("every probe ran").isNull();
        List<Finding> found = of(r, lint.code());
        assertThat(found).as(lint.code()).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(lint.severity());
            assertThat(f.evidence()).containsEntry("lint", lint.lintName()).containsEntry("splinter", lint.splinter())
                    .containsEntry("remediation", lint.remediation());
        });
        return found.stream().map(Finding::subject).toList();
    }

    static Finding finding(CheckResult r, AdvisorLint lint, String subject) {
        return of(r, lint.code()).stream().filter(f -> f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + lint.code() + " for " + subject + ": " + r.findings()));
    }

    @Test
    void auth_users_behind_a_view_the_api_serves_is_found_and_an_invoker_view_over_protected_users_is_not(TestDatabase db) {
        supabase(db);
        db.exec("CREATE VIEW public.user_emails AS SELECT id, email FROM auth.users",
                "GRANT SELECT ON public.user_emails TO anon, authenticated",
                "CREATE MATERIALIZED VIEW public.user_list AS SELECT id, created_at FROM auth.users",
                "GRANT SELECT ON public.user_list TO authenticated",
                // the clean twins: the same view as its reader over an auth.users with row-level security, one the API
                // roles may not read, and one in a schema the API does not serve
                "ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY",
                "CREATE VIEW public.me WITH (security_invoker = true) AS SELECT id, email FROM auth.users WHERE id = (SELECT auth.uid())",
                "GRANT SELECT ON public.me TO authenticated",
                "CREATE VIEW public.all_users AS SELECT id, email FROM auth.users",
                "CREATE VIEW private.user_emails AS SELECT id, email FROM auth.users", "GRANT SELECT ON private.user_emails TO anon");
        CheckResult r = db.postgres("");
        assertThat(subjects(r, AdvisorLint.AUTH_USERS_EXPOSED)).containsExactly("public.user_emails", "public.user_list");
        Finding view = finding(r, AdvisorLint.AUTH_USERS_EXPOSED, "public.user_emails");
        assertThat(view.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(view.message()).startsWith("view public.user_emails reads auth.users and anon, authenticated may select it")
                .contains("runs with its owner's rights", "REVOKE SELECT ON public.user_emails FROM anon, authenticated");
        assertThat(finding(r, AdvisorLint.AUTH_USERS_EXPOSED, "public.user_list").message()).startsWith("materialized view public.user_list")
                .contains("authenticated may select it", "a materialized view has no row-level security");
    }

    @Test
    void policies_calling_auth_functions_per_row_are_found_and_the_select_wrapped_ones_are_not(TestDatabase db) {
        supabase(db);
        db.exec("CREATE TABLE public.todos (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, user_id uuid NOT NULL, task text)",
                "ALTER TABLE public.todos ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY \"Users see their todos\" ON public.todos FOR SELECT TO authenticated USING (auth.uid() = user_id)",
                "CREATE POLICY \"Users edit their todos\" ON public.todos FOR UPDATE TO authenticated "
                        + "USING ((select auth.uid()) = user_id) WITH CHECK ((select auth.uid()) = user_id)",
                "CREATE POLICY \"Admins delete\" ON public.todos FOR DELETE TO authenticated "
                        + "USING ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin')",
                "CREATE POLICY \"Staff delete\" ON public.todos FOR DELETE TO authenticated "
                        + "USING (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'staff')");
        CheckResult r = db.postgres("");
        assertThat(subjects(r, AdvisorLint.AUTH_RLS_INITPLAN)).containsExactly("public.todos \"Admins delete\"", "public.todos \"Users see their todos\"");
        Finding f = finding(r, AdvisorLint.AUTH_RLS_INITPLAN, "public.todos \"Users see their todos\"");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.message()).isEqualTo("policy \"Users see their todos\" on public.todos calls auth.uid() directly, so the call runs again for "
                + "every row a query reads; wrap each call in a select, e.g. (select auth.uid()), so it runs once per statement");
        assertThat(f.evidence()).containsEntry("table", "public.todos").containsEntry("calls", "auth.uid()");
        assertThat(subjects(r, AdvisorLint.RLS_REFERENCES_USER_METADATA)).as("app_metadata is the server's: the twin")
                .containsExactly("public.todos \"Admins delete\"");
        assertThat(of(r, AdvisorLint.RLS_REFERENCES_USER_METADATA.code()).get(0).message()).contains("trusts user_metadata", "app_metadata");
        assertThat(subjects(r, AdvisorLint.MULTIPLE_PERMISSIVE_POLICIES)).as("two DELETE policies for authenticated")
                .containsExactly("public.todos for authenticated");
    }

    @Test
    void lints_of_any_postgresql_run_without_supabase(TestDatabase db) {
        db.exec("CREATE TABLE tenant_orders (id bigserial PRIMARY KEY, tenant text NOT NULL, total numeric)",
                "ALTER TABLE tenant_orders ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY tenant_reads ON tenant_orders FOR SELECT USING (tenant = current_setting('app.tenant'))",
                "CREATE POLICY tenant_writes ON tenant_orders FOR INSERT WITH CHECK (tenant = (select current_setting('app.tenant')))",
                // two permissive policies for PUBLIC on SELECT; restrictive ones and other actions are the twins
                "CREATE TABLE posts (id bigserial PRIMARY KEY, author text, published boolean)", "ALTER TABLE posts ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY published ON posts FOR SELECT USING (published)",
                "CREATE POLICY own_posts ON posts FOR ALL USING (author = current_user) WITH CHECK (author = current_user)",
                "CREATE TABLE comments (id bigserial PRIMARY KEY, author text, hidden boolean)", "ALTER TABLE comments ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY readable ON comments FOR SELECT USING (true)",
                "CREATE POLICY not_hidden ON comments AS RESTRICTIVE FOR SELECT USING (NOT hidden)",
                "CREATE POLICY own_comments_deleted ON comments FOR DELETE USING (author = current_user)",
                // always-true write policies for PUBLIC; a public read and an owner's delete are the twins
                "CREATE TABLE notes (id bigserial PRIMARY KEY, owner text, body text)", "ALTER TABLE notes ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY \"anyone edits\" ON notes FOR UPDATE USING (true)",
                "CREATE POLICY \"anyone adds\" ON notes FOR INSERT WITH CHECK (1 = 1)",
                "CREATE POLICY \"anyone reads\" ON notes FOR SELECT USING (true)",
                "CREATE POLICY \"owner deletes\" ON notes FOR DELETE USING (owner = current_user)",
                "CREATE TABLE handlers (id int PRIMARY KEY, handler regproc, config regconfig)",
                "CREATE TABLE audit_targets (id int PRIMARY KEY, target regclass, kind regtype)",
                "CREATE SCHEMA extensions", "CREATE EXTENSION hstore SCHEMA extensions VERSION '1.4'",
                "CREATE EXTENSION pg_trgm SCHEMA extensions");
        CheckResult r = db.postgres("");
        assertThat(subjects(r, AdvisorLint.AUTH_RLS_INITPLAN)).containsExactly("public.tenant_orders tenant_reads");
        assertThat(finding(r, AdvisorLint.AUTH_RLS_INITPLAN, "public.tenant_orders tenant_reads").evidence())
                .containsEntry("calls", "current_setting(…)");

        assertThat(subjects(r, AdvisorLint.MULTIPLE_PERMISSIVE_POLICIES)).containsExactly("public.posts for PUBLIC");
        Finding many = finding(r, AdvisorLint.MULTIPLE_PERMISSIVE_POLICIES, "public.posts for PUBLIC");
        assertThat(many.evidence()).containsEntry("policies", "SELECT: own_posts, published");
        assertThat(many.message()).contains("for role PUBLIC", "merge them into one policy per action");

        assertThat(subjects(r, AdvisorLint.RLS_POLICY_ALWAYS_TRUE)).containsExactly("public.notes \"anyone adds\"", "public.notes \"anyone edits\"");
        Finding edits = finding(r, AdvisorLint.RLS_POLICY_ALWAYS_TRUE, "public.notes \"anyone edits\"");
        assertThat(edits.message())
                .startsWith("policy \"anyone edits\" on public.notes lets PUBLIC update any row (its USING and WITH CHECK clauses are always true)");
        assertThat(finding(r, AdvisorLint.RLS_POLICY_ALWAYS_TRUE, "public.notes \"anyone adds\"").evidence()).containsEntry("clause", "WITH CHECK");

        assertThat(subjects(r, AdvisorLint.UNSUPPORTED_REG_TYPES)).as("regclass and regtype survive pg_upgrade: the twin")
                .containsExactly("public.handlers.config", "public.handlers.handler");
        assertThat(finding(r, AdvisorLint.UNSUPPORTED_REG_TYPES, "public.handlers.handler").message())
                .contains("has type regproc", "pg_upgrade", "ALTER TABLE public.handlers ALTER COLUMN handler TYPE text USING handler::text");

        assertThat(subjects(r, AdvisorLint.EXTENSION_VERSIONS_OUTDATED)).as("pg_trgm at its default: the twin").containsExactly("hstore");
        Finding hstore = finding(r, AdvisorLint.EXTENSION_VERSIONS_OUTDATED, "hstore");
        assertThat(hstore.evidence()).containsEntry("installed_version", "1.4");
        assertThat(hstore.message()).contains("at version 1.4 while this server ships", "ALTER EXTENSION hstore UPDATE");
        db.exec("ALTER EXTENSION hstore UPDATE");
        assertThat(subjects(db.postgres(""), AdvisorLint.EXTENSION_VERSIONS_OUTDATED)).as("updated").isEmpty();
    }

    @Test
    void tables_views_and_functions_the_api_roles_reach_are_found_and_the_protected_twins_are_not(TestDatabase db) {
        supabase(db);
        db.exec("CREATE TABLE public.accounts (id int PRIMARY KEY, email text, password text, \"API-Key\" text)",
                "GRANT SELECT ON public.accounts TO anon",
                "CREATE TABLE public.products (id int PRIMARY KEY, name text, price numeric)", "GRANT SELECT ON public.products TO anon, authenticated",
                "CREATE TABLE public.members (id int PRIMARY KEY, password text)", "ALTER TABLE public.members ENABLE ROW LEVEL SECURITY",
                "GRANT SELECT ON public.members TO authenticated",
                "CREATE TABLE public.staff_notes (id int PRIMARY KEY, token text)",
                "CREATE TABLE private.api_keys (id int PRIMARY KEY, secret text)", "GRANT SELECT ON private.api_keys TO anon",
                "CREATE MATERIALIZED VIEW public.daily_sales AS SELECT 1 AS n", "GRANT SELECT ON public.daily_sales TO anon",
                "CREATE MATERIALIZED VIEW public.internal_stats AS SELECT 1 AS n",
                "CREATE MATERIALIZED VIEW private.daily_totals AS SELECT 1 AS n", "GRANT SELECT ON private.daily_totals TO anon",
                "CREATE SCHEMA extensions", "CREATE EXTENSION postgres_fdw SCHEMA extensions",
                "CREATE SERVER legacy FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'legacy')",
                "CREATE FOREIGN TABLE public.legacy_orders (id int) SERVER legacy", "GRANT SELECT ON public.legacy_orders TO authenticated",
                "CREATE FOREIGN TABLE private.legacy_customers (id int) SERVER legacy", "GRANT SELECT ON private.legacy_customers TO authenticated",
                "CREATE FUNCTION public.delete_account() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = '' "
                        + "AS $$ DELETE FROM auth.users WHERE id = auth.uid() $$",
                "CREATE FUNCTION public.leave_team() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT $$",
                "REVOKE EXECUTE ON FUNCTION public.leave_team() FROM PUBLIC", "GRANT EXECUTE ON FUNCTION public.leave_team() TO authenticated",
                "CREATE FUNCTION public.is_admin() RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT false $$",
                "REVOKE EXECUTE ON FUNCTION public.is_admin() FROM PUBLIC",
                "CREATE FUNCTION public.add(a int, b int) RETURNS int LANGUAGE sql SET search_path = '' AS $$ SELECT a + b $$",
                "CREATE FUNCTION private.purge() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT $$");
        CheckResult r = db.postgres("");
        assertThat(subjects(r, AdvisorLint.SENSITIVE_COLUMNS_EXPOSED)).containsExactly("public.accounts");
        Finding accounts = finding(r, AdvisorLint.SENSITIVE_COLUMNS_EXPOSED, "public.accounts");
        assertThat(accounts.evidence()).containsEntry("columns", "\"API-Key\", password").containsEntry("readable_by", "anon");
        assertThat(accounts.message()).contains("ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY");
        assertThat(subjects(r, AdvisorLint.RLS_DISABLED_IN_PUBLIC)).containsExactly("public.accounts", "public.products");
        assertThat(finding(r, AdvisorLint.RLS_DISABLED_IN_PUBLIC, "public.products").message())
                .startsWith("public.products is in an API schema, anon, authenticated may select it, and it has no row-level security");
        assertThat(subjects(r, AdvisorLint.MATERIALIZED_VIEW_IN_API)).containsExactly("public.daily_sales");
        assertThat(subjects(r, AdvisorLint.FOREIGN_TABLE_IN_API)).containsExactly("public.legacy_orders");
        assertThat(finding(r, AdvisorLint.FOREIGN_TABLE_IN_API, "public.legacy_orders").message())
                .contains("authenticated may select it", "ignores row-level security");
        assertThat(subjects(r, AdvisorLint.ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE)).containsExactly("public.delete_account()");
        assertThat(subjects(r, AdvisorLint.AUTHENTICATED_SECURITY_DEFINER_FUNCTION_EXECUTABLE))
                .containsExactly("public.delete_account()", "public.leave_team()");
        assertThat(finding(r, AdvisorLint.ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE, "public.delete_account()").message())
                .contains("anyone with the public anon key", "/rest/v1/rpc/delete_account", "REVOKE EXECUTE ON FUNCTION public.delete_account()");
    }

    @Test
    void the_api_schemas_are_postgrest_s_setting_where_the_database_has_one(TestDatabase db) {
        supabase(db);
        db.exec("ALTER DATABASE " + db.name() + " SET pgrst.db_schemas = 'api, pgmq_public'",
                "CREATE SCHEMA api", "CREATE MATERIALIZED VIEW api.report AS SELECT 1 AS n", "GRANT SELECT ON api.report TO anon",
                "CREATE MATERIALIZED VIEW public.report AS SELECT 1 AS n", "GRANT SELECT ON public.report TO anon",
                "CREATE SCHEMA pgmq", "CREATE SCHEMA pgmq_public",
                "CREATE TABLE pgmq.q_emails (msg_id bigint PRIMARY KEY, message jsonb)", "GRANT SELECT ON pgmq.q_emails TO authenticated",
                "CREATE TABLE pgmq.q_jobs (msg_id bigint PRIMARY KEY, message jsonb)", "ALTER TABLE pgmq.q_jobs ENABLE ROW LEVEL SECURITY",
                "GRANT SELECT ON pgmq.q_jobs TO authenticated",
                "CREATE TABLE pgmq.meta (queue_name text PRIMARY KEY)", "GRANT SELECT ON pgmq.meta TO authenticated");
        CheckResult r = db.postgres("");
        assertThat(subjects(r, AdvisorLint.MATERIALIZED_VIEW_IN_API)).as("public is not served here").containsExactly("api.report");
        assertThat(subjects(r, AdvisorLint.INSECURE_QUEUE_EXPOSED_IN_API)).containsExactly("pgmq.q_emails");
        assertThat(finding(r, AdvisorLint.INSECURE_QUEUE_EXPOSED_IN_API, "pgmq.q_emails").message()).startsWith("queue emails (pgmq.q_emails)");
    }

    @Test
    void a_foreign_key_to_a_unique_column_of_auth_is_found_and_one_to_the_primary_key_is_not(TestDatabase db) {
        supabase(db);
        db.exec("CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id), email character varying(255) REFERENCES auth.users (email))");
        CheckResult r = db.postgres("");
        assertThat(subjects(r, AdvisorLint.FKEY_TO_AUTH_UNIQUE)).containsExactly("public.profiles profiles_email_fkey");
        assertThat(finding(r, AdvisorLint.FKEY_TO_AUTH_UNIQUE, "public.profiles profiles_email_fkey").message())
                .contains("references auth.users through its unique index users_email_key, not its primary key");
    }

    @Test
    void a_public_bucket_a_broad_policy_lets_anyone_list_is_found(TestDatabase db) {
        supabase(db);
        db.exec("CREATE SCHEMA storage", "CREATE TABLE storage.buckets (id text PRIMARY KEY, name text NOT NULL, public boolean DEFAULT false)",
                "CREATE TABLE storage.objects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), bucket_id text REFERENCES storage.buckets (id), name text)",
                "ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY",
                "INSERT INTO storage.buckets VALUES ('avatars', 'avatars', true), ('logos', 'logos', true), ('invoices', 'invoices', false)",
                "CREATE POLICY \"Avatar listing\" ON storage.objects FOR SELECT TO anon USING (bucket_id = 'avatars')",
                "CREATE POLICY \"Own invoices\" ON storage.objects FOR SELECT TO authenticated "
                        + "USING (bucket_id = 'invoices' AND name LIKE (select auth.uid())::text || '/%')");
        CheckResult r = db.postgres("");
        assertThat(subjects(r, AdvisorLint.PUBLIC_BUCKET_ALLOWS_LISTING)).as("logos has no listing policy, invoices is private").containsExactly("avatars");
        assertThat(finding(r, AdvisorLint.PUBLIC_BUCKET_ALLOWS_LISTING, "avatars").message())
                .startsWith("public bucket avatars can be listed: policy \"Avatar listing\" on storage.objects");
    }

    @Test
    void the_supabase_only_lints_are_off_without_the_auth_schema(TestDatabase db) {
        supabase(db);
        db.exec("DROP SCHEMA auth CASCADE",
                "CREATE TABLE public.accounts (id int PRIMARY KEY, password text)", "GRANT SELECT ON public.accounts TO anon",
                "CREATE MATERIALIZED VIEW public.daily_sales AS SELECT 1 AS n", "GRANT SELECT ON public.daily_sales TO anon",
                "CREATE FUNCTION public.grant_all() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$");
        CheckResult off = db.postgres("");
        List<AdvisorLint> supabaseOnly = Arrays.stream(AdvisorLint.values()).filter(l -> l.gate() != AdvisorLint.Gate.NONE).toList();
        assertThat(supabaseOnly).hasSize(10);
        for (AdvisorLint lint : supabaseOnly) {
            assertThat(subjects(off, lint)).as(lint.code()).isEmpty();
        }
        db.exec("CREATE SCHEMA auth");
        CheckResult on = db.postgres("");
        assertThat(subjects(on, AdvisorLint.SENSITIVE_COLUMNS_EXPOSED)).containsExactly("public.accounts");
        assertThat(subjects(on, AdvisorLint.MATERIALIZED_VIEW_IN_API)).containsExactly("public.daily_sales");
        assertThat(subjects(on, AdvisorLint.ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE)).containsExactly("public.grant_all()");
    }

    @Test
    void every_advisor_lint_has_its_query_and_a_readme_row_naming_splinter_s_counterpart() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (AdvisorLint lint : AdvisorLint.values()) {
            assertThat(Path.of("src/main/resources/sql/postgres/advisor/" + lint.lintName() + ".sql")).exists();
            assertThat(readme).as(lint.code()).contains("| `" + lint.code() + "` |");
            assertThat(readme).as(lint.code() + " in the lint table").containsPattern("\\| `" + java.util.regex.Pattern.quote(lint.code())
                    + "` \\| [^|]+ \\| " + lint.splinter().substring(0, 4) + " ");
        }
    }
}
