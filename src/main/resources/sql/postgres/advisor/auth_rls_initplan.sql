-- splinter 0003 auth_rls_initplan: a policy of a table with row-level security that calls auth.uid(), auth.jwt(),
-- auth.role(), auth.email() or current_setting() bare: the call runs again for every row, where (select auth.uid()) runs
-- once per statement. Any PostgreSQL: current_setting() in a policy is how multi-tenant apps pass the tenant everywhere.
WITH policies AS (
    SELECT p.schemaname, p.tablename, p.policyname, coalesce(p.qual, '') AS qual, coalesce(p.with_check, '') AS with_check
    FROM pg_policies p
    JOIN pg_namespace n ON n.nspname = p.schemaname
    JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename
    WHERE c.relrowsecurity
      AND p.schemaname NOT IN ('auth', 'storage', 'extensions', 'graphql', 'graphql_public', 'pgbouncer', 'pgsodium', 'pgsodium_masks', 'vault',
                               'supabase_functions', 'supabase_migrations', 'cron', 'net', 'pgmq', 'pgtle', 'repack', 'information_schema', 'pg_catalog')
),
calls AS (
    SELECT p.*, f.call
    FROM policies p CROSS JOIN unnest(ARRAY['auth.uid()', 'auth.jwt()', 'auth.role()', 'auth.email()', 'current_setting(']) f(call)
    WHERE (strpos(p.qual, f.call) > 0 AND strpos(lower(p.qual), 'select ' || f.call) = 0)
       OR (strpos(p.with_check, f.call) > 0 AND strpos(lower(p.with_check), 'select ' || f.call) = 0)
)
SELECT format('%I.%I', schemaname, tablename) || ' ' || quote_ident(policyname) AS subject,
       format('%I.%I', schemaname, tablename) AS "table", policyname AS policy,
       string_agg(CASE call WHEN 'current_setting(' THEN 'current_setting(…)' ELSE call END, ', ' ORDER BY call) AS calls
FROM calls
GROUP BY schemaname, tablename, policyname
ORDER BY 1
