-- postgres.duplicate_index: an index made redundant by another on the same table with the same method,
-- predicate and expressions, whose columns (and operator classes) equal it or start with it.
-- A unique index is only redundant next to an identical unique one.
WITH idx AS (
    SELECT i.indexrelid,
           i.indrelid,
           c.relam,
           string_to_array(i.indkey::text, ' ')::int[] AS cols,
           string_to_array(i.indclass::text, ' ')::oid[] AS opclasses,
           coalesce(pg_get_expr(i.indexprs, i.indrelid), '') AS exprs,
           coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS pred,
           i.indisunique OR i.indisprimary AS is_unique
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
      AND i.indisvalid
)
SELECT a.indexrelid::regclass::text AS index_name,
       b.indexrelid::regclass::text AS covered_by,
       a.indrelid::regclass::text AS table_name,
       a.cols = b.cols AS identical,
       pg_relation_size(a.indexrelid) AS index_bytes,
       pg_get_indexdef(a.indexrelid) AS index_definition,
       pg_get_indexdef(b.indexrelid) AS covered_by_definition
FROM idx a
JOIN idx b ON b.indrelid = a.indrelid
          AND b.indexrelid <> a.indexrelid
          AND b.relam = a.relam
          AND b.exprs = a.exprs
          AND b.pred = a.pred
          AND b.cols[1:array_length(a.cols, 1)] = a.cols
          AND b.opclasses[1:array_length(a.opclasses, 1)] = a.opclasses
WHERE (NOT a.is_unique OR (b.is_unique AND a.cols = b.cols))
  -- an identical pair is reported once: the newer index is the duplicate
  AND NOT (a.cols = b.cols AND a.is_unique = b.is_unique AND a.indexrelid < b.indexrelid)
  -- of identical indexes, keep the unique one
  AND NOT (a.cols = b.cols AND a.is_unique AND NOT b.is_unique)
ORDER BY index_bytes DESC;
