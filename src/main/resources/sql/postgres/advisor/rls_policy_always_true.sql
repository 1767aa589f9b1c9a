-- splinter 0024 rls_policy_always_true: a permissive policy of a table with row-level security, for PUBLIC, anon or
-- authenticated, that lets every row through for writes: USING (true) or (1=1) for UPDATE, DELETE or ALL (none at all
-- counts as true), or WITH CHECK (true) — missing on INSERT, or on UPDATE/ALL whose USING is true. A SELECT policy with
-- USING (true) is left alone: public reads are often meant. Any PostgreSQL (PUBLIC policies exist everywhere).
WITH policies AS (
    SELECT n.nspname, c.relname, p.polname, p.polroles,
           CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
           pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity AND p.polpermissive
      AND n.nspname NOT IN ('auth', 'storage', 'realtime', 'extensions', 'graphql', 'graphql_public', 'pgbouncer', 'pgsodium', 'pgsodium_masks',
                            'vault', 'supabase_functions', 'supabase_migrations', 'cron', 'net', 'pgmq', 'pgtle', 'repack', 'information_schema', 'pg_catalog')
      AND (p.polroles = '{0}' OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.oid = ANY (p.polroles) AND r.rolname IN ('anon', 'authenticated')))
),
judged AS (
    SELECT p.*,
           regexp_replace(lower(coalesce(qual, '')), '\s', '', 'g') IN ('true', '(true)', '1=1', '(1=1)') AS qual_true,
           regexp_replace(lower(coalesce(with_check, '')), '\s', '', 'g') IN ('true', '(true)', '1=1', '(1=1)') AS check_true
    FROM policies p
),
verdicts AS (
    SELECT j.*,
           command IN ('UPDATE', 'DELETE', 'ALL') AND (qual_true OR qual IS NULL) AS open_using,
           check_true OR (with_check IS NULL AND command = 'INSERT') OR (with_check IS NULL AND command IN ('UPDATE', 'ALL') AND qual_true) AS open_check
    FROM judged j
)
SELECT format('%I.%I', nspname, relname) || ' ' || quote_ident(polname) AS subject,
       format('%I.%I', nspname, relname) AS "table", polname AS policy, command,
       CASE WHEN polroles = '{0}' THEN 'PUBLIC'
            ELSE (SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM pg_roles r WHERE r.oid = ANY (polroles)) END AS roles,
       CASE WHEN open_using AND open_check THEN 'USING and WITH CHECK' WHEN open_using THEN 'USING' ELSE 'WITH CHECK' END AS clause
FROM verdicts
WHERE open_using OR open_check
ORDER BY 1
