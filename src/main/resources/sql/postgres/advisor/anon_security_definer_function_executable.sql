-- splinter 0028 anon_security_definer_function_executable: a SECURITY DEFINER function in an API schema (PostgREST's
-- pgrst.db_schemas, else public) that anon may execute: anyone with the public anon key calls it over /rest/v1/rpc with its
-- owner's rights, past row-level security. PostgreSQL grants EXECUTE to PUBLIC unless revoked. Supabase only.
WITH api AS (
    SELECT trim(s) AS nspname FROM unnest(string_to_array(coalesce(nullif(current_setting('pgrst.db_schemas', true), ''), 'public'), ',')) s
)
SELECT format('%I.%I', n.nspname, p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS subject,
       p.proname AS function, pg_get_userbyid(p.proowner) AS owner
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_roles r ON r.rolname = 'anon'
WHERE p.prosecdef AND n.nspname IN (SELECT nspname FROM api)
  AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
  AND p.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e')
ORDER BY 1
