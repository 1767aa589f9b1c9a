-- splinter 0006 multiple_permissive_policies: more than one permissive policy of a table applies to the same role and
-- action; PostgreSQL evaluates each of them for every row. The roles judged are those a policy of the table names, and
-- PUBLIC; roles that bypass row-level security are left out, and so are the policies `roles sql` writes for
-- Caretaker's own roles (caretaker_checks, caretaker_actions), which only let them read past row-level security. Any PostgreSQL.
WITH pol AS (
    SELECT c.oid AS relid, n.nspname, c.relname, p.polname, p.polroles,
           CASE p.polcmd WHEN 'r' THEN ARRAY['SELECT'] WHEN 'a' THEN ARRAY['INSERT'] WHEN 'w' THEN ARRAY['UPDATE'] WHEN 'd' THEN ARRAY['DELETE']
                ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] END AS actions
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE p.polpermissive AND c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('auth', 'storage', 'realtime', 'extensions', 'graphql', 'graphql_public', 'pgbouncer', 'pgsodium', 'pgsodium_masks',
                            'vault', 'supabase_functions', 'supabase_migrations', 'cron', 'net', 'pgmq', 'pgtle', 'repack', 'information_schema', 'pg_catalog')
      AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e')
      AND p.polname NOT IN ('caretaker_checks', 'caretaker_actions')
),
candidates AS (
    SELECT DISTINCT p.relid, r.roleid FROM pol p CROSS JOIN unnest(p.polroles) r(roleid)
),
applies AS (
    SELECT p.nspname, p.relname, k.roleid, coalesce(ro.rolname, 'PUBLIC') AS rolname, a.action, p.polname
    FROM pol p
    JOIN candidates k ON k.relid = p.relid AND (k.roleid = ANY (p.polroles) OR p.polroles = '{0}')
    LEFT JOIN pg_roles ro ON ro.oid = k.roleid
    CROSS JOIN unnest(p.actions) a(action)
    WHERE k.roleid = 0 OR NOT (ro.rolbypassrls OR ro.rolsuper)
),
per_action AS (
    SELECT nspname, relname, roleid, rolname, action, string_agg(quote_ident(polname), ', ' ORDER BY polname) AS policies
    FROM applies GROUP BY nspname, relname, roleid, rolname, action HAVING count(*) > 1
)
SELECT format('%I.%I', nspname, relname) || ' for ' || CASE WHEN roleid = 0 THEN 'PUBLIC' ELSE quote_ident(rolname) END AS subject,
       format('%I.%I', nspname, relname) AS "table", rolname AS role,
       string_agg(action || ': ' || policies, '; ' ORDER BY array_position(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'], action)) AS policies
FROM per_action
GROUP BY nspname, relname, roleid, rolname
ORDER BY 1
