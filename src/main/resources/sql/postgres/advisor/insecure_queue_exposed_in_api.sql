-- splinter 0019 insecure_queue_exposed_in_api: a queue table of pgmq (pgmq.q_*) without row-level security that anon or
-- authenticated may select while pgmq_public is an API schema: anyone with the anon key reads and takes the queue's
-- messages. Supabase only.
WITH api AS (
    SELECT trim(s) AS nspname FROM unnest(string_to_array(coalesce(nullif(current_setting('pgrst.db_schemas', true), ''), 'public'), ',')) s
),
api_roles AS (
    SELECT oid, rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated')
)
SELECT format('%I.%I', n.nspname, c.relname) AS subject, substr(c.relname, 3) AS queue,
       (SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM api_roles r WHERE has_table_privilege(r.oid, c.oid, 'SELECT')) AS readable_by
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity AND n.nspname = 'pgmq' AND c.relname LIKE 'q\_%'
  AND 'pgmq_public' IN (SELECT nspname FROM api)
  AND EXISTS (SELECT 1 FROM api_roles r WHERE has_table_privilege(r.oid, c.oid, 'SELECT'))
ORDER BY 1
