-- postgres.invalid_index: indexes left invalid (typically a failed CREATE INDEX CONCURRENTLY) that no
-- running build is still working on.
SELECT i.indexrelid::regclass::text AS index_name,
       i.indrelid::regclass::text AS table_name,
       i.indisunique AS is_unique,
       pg_relation_size(i.indexrelid) AS index_bytes,
       pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
WHERE NOT i.indisvalid
  AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid);
