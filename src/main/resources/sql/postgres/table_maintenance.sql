-- postgres.table_bloat and postgres.vacuum_overdue: dead tuples per table, the table's autovacuum
-- trigger (threshold + scale factor x rows, table options first) and when it was last vacuumed.
SELECT s.schemaname AS schema,
       s.relname AS table_name,
       s.n_live_tup AS live,
       s.n_dead_tup AS dead,
       pg_relation_size(s.relid) AS table_bytes,
       greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
       current_setting('autovacuum')::boolean
         AND coalesce((SELECT option_value::boolean FROM pg_options_to_table(c.reloptions)
                       WHERE option_name = 'autovacuum_enabled'), true) AS autovacuum_enabled,
       coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions)
                 WHERE option_name = 'autovacuum_vacuum_threshold'),
                current_setting('autovacuum_vacuum_threshold')::float8)
         + coalesce((SELECT option_value::float8 FROM pg_options_to_table(c.reloptions)
                     WHERE option_name = 'autovacuum_vacuum_scale_factor'),
                    current_setting('autovacuum_vacuum_scale_factor')::float8) * greatest(c.reltuples, 0) AS vacuum_trigger,
       coalesce(d.stats_reset, pg_postmaster_start_time()) AS stats_since
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
CROSS JOIN (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()) d
WHERE s.n_dead_tup > 0;
