-- splinter 0002 auth_users_exposed: a view or materialized view in an API schema (PostgREST's pgrst.db_schemas, else
-- public) that reads auth.users, that anon or authenticated may select, and that runs with its owner's rights (a view
-- without security_invoker, any materialized view) or reads an auth.users without row-level security. Supabase only.
WITH api AS (
    SELECT trim(s) AS nspname FROM unnest(string_to_array(coalesce(nullif(current_setting('pgrst.db_schemas', true), ''), 'public'), ',')) s
),
api_roles AS (
    SELECT oid, rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated')
),
users AS (
    SELECT c.oid, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'auth' AND c.relname = 'users'
),
views AS (
    SELECT DISTINCT v.oid, n.nspname, v.relname, v.relkind, u.relrowsecurity AS users_rls,
           coalesce(lower(v.reloptions::text)::text[] && ARRAY['security_invoker=1', 'security_invoker=true', 'security_invoker=yes',
                                                                'security_invoker=on'], false) AS invoker
    FROM users u
    JOIN pg_depend d ON d.refobjid = u.oid AND d.refclassid = 'pg_class'::regclass AND d.classid = 'pg_rewrite'::regclass
    JOIN pg_rewrite rw ON rw.oid = d.objid
    JOIN pg_class v ON v.oid = rw.ev_class AND v.relkind IN ('v', 'm')
    JOIN pg_namespace n ON n.oid = v.relnamespace
    WHERE n.nspname IN (SELECT nspname FROM api)
)
SELECT format('%I.%I', v.nspname, v.relname) AS subject,
       CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END AS kind,
       (SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM api_roles r WHERE has_table_privilege(r.oid, v.oid, 'SELECT')) AS readable_by,
       CASE WHEN v.relkind = 'm' THEN 'a materialized view has no row-level security'
            WHEN NOT v.invoker THEN 'the view runs with its owner''s rights'
            ELSE 'auth.users has no row-level security' END AS why
FROM views v
WHERE EXISTS (SELECT 1 FROM api_roles r WHERE has_table_privilege(r.oid, v.oid, 'SELECT'))
  AND (v.relkind = 'm' OR NOT v.invoker OR NOT v.users_rls)
ORDER BY 1
