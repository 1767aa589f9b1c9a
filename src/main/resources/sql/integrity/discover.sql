-- References PostgreSQL does not enforce, for integrity checks with discover: true.
-- 1. A column <x>_id with no foreign key, where a table <x>, <x>s or <x>es of the same schema has the
--    single-column primary key id of a comparable type.
SELECT 'naming convention' AS source,
       cn.nspname AS child_schema, c.relname AS child_table, a.attname AS child_column,
       cn.nspname AS parent_schema, p.relname AS parent_table, pa.attname AS parent_column
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.relnamespace = c.relnamespace
               AND p.relkind IN ('r', 'p')
               AND p.relname IN (left(a.attname, -3), left(a.attname, -3) || 's', left(a.attname, -3) || 'es')
JOIN pg_constraint pk ON pk.conrelid = p.oid AND pk.contype = 'p' AND array_length(pk.conkey, 1) = 1
JOIN pg_attribute pa ON pa.attrelid = p.oid AND pa.attnum = pk.conkey[1] AND pa.attname = 'id'
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND a.attname LIKE '%\_id'
  AND cn.nspname NOT IN ('pg_catalog', 'information_schema')
  AND (pa.atttypid = a.atttypid OR (pa.atttypid IN (20, 21, 23) AND a.atttypid IN (20, 21, 23)))
  AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                  WHERE f.conrelid = c.oid AND f.contype = 'f' AND a.attnum = ANY (f.conkey))
UNION ALL
-- 2. Single-column foreign keys added NOT VALID: rows that existed before were never checked.
SELECT 'foreign key ' || f.conname || ' is NOT VALID' AS source,
       cn.nspname, c.relname, a.attname,
       pn.nspname, p.relname, pa.attname
FROM pg_constraint f
JOIN pg_class c ON c.oid = f.conrelid
JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.oid = f.confrelid
JOIN pg_namespace pn ON pn.oid = p.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = f.conkey[1]
JOIN pg_attribute pa ON pa.attrelid = p.oid AND pa.attnum = f.confkey[1]
WHERE f.contype = 'f'
  AND NOT f.convalidated
  AND array_length(f.conkey, 1) = 1
ORDER BY 2, 3, 4;
