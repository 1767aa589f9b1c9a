-- postgres.sequence_exhaustion: each sequence's last value with its own limits and, when a column owns it
-- (serial or identity), that column's type: an integer column fed by a bigint sequence overflows first.
SELECT s.schemaname AS schema,
       s.sequencename AS sequence_name,
       s.data_type::text AS sequence_type,
       s.last_value,
       s.min_value,
       s.max_value,
       s.increment_by,
       col.table_name,
       col.column_name,
       col.column_type
FROM pg_sequences s
LEFT JOIN LATERAL (
    SELECT t.relname::text AS table_name,
           a.attname::text AS column_name,
           format_type(a.atttypid, NULL) AS column_type
    FROM pg_class seq
    JOIN pg_namespace sn ON sn.oid = seq.relnamespace
    JOIN pg_depend d ON d.objid = seq.oid
                    AND d.classid = 'pg_class'::regclass
                    AND d.refclassid = 'pg_class'::regclass
                    AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE seq.relname = s.sequencename AND sn.nspname = s.schemaname
    LIMIT 1
) col ON true
WHERE s.last_value IS NOT NULL;
