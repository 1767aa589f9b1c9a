-- splinter 0017 foreign_table_in_api: a foreign table, which ignores row-level security, in an API schema (PostgREST's pgrst.db_schemas, else public) that anon or
-- authenticated may select: every row of it is readable over the Data API. Objects of extensions are left out. Supabase only.
WITH api AS (
    SELECT trim(s) AS nspname FROM unnest(string_to_array(coalesce(nullif(current_setting('pgrst.db_schemas', true), ''), 'public'), ',')) s
),
api_roles AS (
    SELECT oid, rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated')
)
SELECT format('%I.%I', n.nspname, c.relname) AS subject,
       (SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM api_roles r WHERE has_table_privilege(r.oid, c.oid, 'SELECT')) AS readable_by
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'f' AND n.nspname IN (SELECT nspname FROM api)
  AND EXISTS (SELECT 1 FROM api_roles r WHERE has_table_privilege(r.oid, c.oid, 'SELECT'))
  AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e')
ORDER BY 1
