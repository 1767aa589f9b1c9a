-- postgres.unused_index: indexes never scanned since statistics began that enforce nothing
-- (not unique, not a primary key, not backing a constraint). stats_since is the start of the window
-- (the last statistics reset, else the server start: a lower bound).
SELECT s.schemaname AS schema,
       s.relname AS table_name,
       s.indexrelname AS index_name,
       pg_relation_size(s.indexrelid) AS index_bytes,
       pg_get_indexdef(s.indexrelid) AS definition,
       coalesce(d.stats_reset, pg_postmaster_start_time()) AS stats_since
FROM pg_stat_user_indexes s
JOIN pg_index i ON i.indexrelid = s.indexrelid
CROSS JOIN (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()) d
WHERE s.idx_scan = 0
  AND NOT i.indisunique
  AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
ORDER BY index_bytes DESC;
