-- postgres.missing_fk_index: foreign keys whose columns lead no index of the referencing table, so every
-- delete or key update of the parent scans the child. Row counts are the planner's estimate and the live count.
SELECT c.conname AS constraint_name,
       c.conrelid::regclass::text AS table_name,
       c.confrelid::regclass::text AS referenced_table,
       array_agg(a.attname::text ORDER BY k.ord) AS columns,
       greatest(t.reltuples, 0)::bigint AS estimated_rows,
       coalesce(max(s.n_live_tup), 0) AS live_rows
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.conrelid
CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
WHERE c.contype = 'f'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (
        SELECT 1
        FROM pg_index i
        WHERE i.indrelid = c.conrelid
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:array_length(c.conkey, 1)] @> c.conkey
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:array_length(c.conkey, 1)] <@ c.conkey)
GROUP BY c.oid, c.conname, c.conrelid, c.confrelid, t.reltuples;
