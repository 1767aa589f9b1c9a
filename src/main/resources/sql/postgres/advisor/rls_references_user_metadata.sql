-- splinter 0015 rls_references_user_metadata: a policy that reads user_metadata from the JWT (auth.jwt(), or the
-- request.jwt.claims setting PostgREST passes); every user can edit their own user_metadata, so it grants nothing. Any
-- PostgreSQL (the text only matches where Supabase Auth or PostgREST claims are used).
SELECT format('%I.%I', schemaname, tablename) || ' ' || quote_ident(policyname) AS subject,
       format('%I.%I', schemaname, tablename) AS "table", policyname AS policy
FROM pg_policies
WHERE schemaname NOT IN ('auth', 'storage', 'realtime', 'extensions', 'graphql', 'graphql_public', 'pgbouncer', 'pgsodium', 'pgsodium_masks',
                         'vault', 'supabase_functions', 'supabase_migrations', 'cron', 'net', 'pgmq', 'pgtle', 'repack', 'information_schema', 'pg_catalog')
  AND (coalesce(qual, '') LIKE '%auth.jwt()%user\_metadata%'
       OR coalesce(qual, '') LIKE '%current\_setting(%request.jwt.claims%)%user\_metadata%'
       OR coalesce(with_check, '') LIKE '%auth.jwt()%user\_metadata%'
       OR coalesce(with_check, '') LIKE '%current\_setting(%request.jwt.claims%)%user\_metadata%')
ORDER BY 1
