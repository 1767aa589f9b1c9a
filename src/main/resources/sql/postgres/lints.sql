-- The structural lints (PgHero's and Supabase splinter's): one row per offender, with its kind. Objects of extensions
-- and of the system schemas are left out. security_invoker exists from PostgreSQL 15; before, every view runs as its
-- owner and the view lint says nothing it could ask to change.
WITH user_ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%'
),
ext_objects AS (
    SELECT objid FROM pg_depend WHERE deptype = 'e'
)
SELECT 'no_primary_key' AS kind, format('%I.%I', n.nspname, c.relname) AS subject, NULL::text AS detail
FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.oid NOT IN (SELECT objid FROM ext_objects)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
UNION ALL
SELECT 'not_valid_constraint', format('%I.%I', n.nspname, c.relname) || ' ' || quote_ident(k.conname),
       CASE k.contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' ELSE k.contype::text END
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN user_ns n ON n.oid = c.relnamespace
WHERE NOT k.convalidated
UNION ALL
SELECT 'rls_without_policy', format('%I.%I', n.nspname, c.relname), NULL
FROM pg_class c JOIN user_ns n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
UNION ALL
SELECT 'policy_without_rls', format('%I.%I', n.nspname, c.relname), string_agg(quote_ident(p.polname), ', ' ORDER BY p.polname)
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN user_ns n ON n.oid = c.relnamespace
WHERE NOT c.relrowsecurity
GROUP BY n.nspname, c.relname
UNION ALL
SELECT 'extension_in_public', e.extname, e.extversion
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = 'public'
UNION ALL
SELECT CASE WHEN p.prosecdef THEN 'definer_search_path' ELSE 'function_search_path' END,
       format('%I.%I', n.nspname, p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL
FROM pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p') AND p.oid NOT IN (SELECT objid FROM ext_objects)
  AND p.prolang NOT IN (SELECT oid FROM pg_language WHERE lanname IN ('c', 'internal'))
  AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, '{}'::text[])) s WHERE s LIKE 'search\_path=%')
UNION ALL
SELECT 'security_definer_view', format('%I.%I', n.nspname, v.relname),
       string_agg(DISTINCT format('%I.%I', tn.nspname, t.relname), ', ')
FROM pg_class v JOIN user_ns n ON n.oid = v.relnamespace
JOIN pg_rewrite rw ON rw.ev_class = v.oid
JOIN pg_depend d ON d.objid = rw.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
JOIN pg_class t ON t.oid = d.refobjid AND t.relrowsecurity AND t.oid <> v.oid
JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE v.relkind IN ('v', 'm') AND current_setting('server_version_num')::int >= 150000
  AND NOT coalesce(v.reloptions @> ARRAY['security_invoker=true'] OR v.reloptions @> ARRAY['security_invoker=on'], false)
  AND v.oid NOT IN (SELECT objid FROM ext_objects)
GROUP BY n.nspname, v.relname
ORDER BY 1, 2
