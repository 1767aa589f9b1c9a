-- References PostgreSQL does not enforce, for integrity checks with discover: true, and for caretaker init.
-- Each row is one candidate parent for a child column, with the convention that matched (source) and a tier:
-- the caller keeps, per column, the candidates of its best tier, and only when they agree on one parent table
-- (a name that could mean two tables is left unchecked: a false orphan alarm is noise).
--   tier 0  a single-column foreign key added NOT VALID: rows that existed before were never checked
--   tier 1  the same column name is a declared foreign key elsewhere in its schema, always to one table;
--           Supabase profiles.id -> auth.users.id
--   tier 2  the column names a table of its own schema: x_id -> x, xs, xes, x(y->ies) (Rails, Laravel),
--           app_x / app_xs sharing the child's app prefix (Django), "xId" -> "X" (Prisma)
--   tier 3  the only table of its schema named <app>_x (Django, another app); user_id -> auth.users (Supabase)
-- A column qualifies when no foreign key covers it and no sibling x_type/xType column makes it polymorphic.
-- Parents have a single-column primary key of a comparable type (integers, text/varchar, or the same type).
WITH tabs AS (
    SELECT c.oid, n.nspname AS schema, c.relname AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'caretaker')
      AND n.nspname !~ '^pg_toast'
),
parents AS (
    SELECT t.oid, t.schema, t.name, pa.attname AS key, pa.atttypid AS key_type
    FROM tabs t
    JOIN pg_constraint pk ON pk.conrelid = t.oid AND pk.contype = 'p' AND array_length(pk.conkey, 1) = 1
    JOIN pg_attribute pa ON pa.attrelid = t.oid AND pa.attnum = pk.conkey[1]
    WHERE pa.attname = 'id'
),
children AS (
    SELECT t.oid, t.schema, t.name, a.attname AS col, a.atttypid AS col_type,
           CASE WHEN a.attname ~ '_id$' THEN left(a.attname, -3) ELSE left(a.attname, -2) END AS x,
           a.attname !~ '_id$' AS camel
    FROM tabs t
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE (a.attname ~ '^[a-z0-9_]*[a-z0-9]_id$' OR a.attname ~ '^[a-z][A-Za-z0-9]*Id$')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                      WHERE f.conrelid = t.oid AND f.contype = 'f' AND a.attnum = ANY (f.conkey))
      AND NOT EXISTS (SELECT 1 FROM pg_attribute s
                      WHERE s.attrelid = t.oid AND s.attnum > 0 AND NOT s.attisdropped
                        AND s.attname IN (left(a.attname, -3) || '_type', left(a.attname, -2) || 'Type'))
),
declared AS (
    SELECT cn.nspname AS child_schema, a.attname AS col, min(pn.nspname) AS schema, min(p.relname) AS name, min(pa.attname) AS key,
           min(pa.atttypid) AS key_type, min(f.conname) AS conname
    FROM pg_constraint f
    JOIN pg_class c ON c.oid = f.conrelid
    JOIN pg_namespace cn ON cn.oid = c.relnamespace
    JOIN pg_class p ON p.oid = f.confrelid
    JOIN pg_namespace pn ON pn.oid = p.relnamespace
    JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1]
    JOIN pg_attribute pa ON pa.attrelid = p.oid AND pa.attnum = f.confkey[1]
    WHERE f.contype = 'f' AND array_length(f.conkey, 1) = 1
    GROUP BY cn.nspname, a.attname
    HAVING count(DISTINCT (f.confrelid, f.confkey[1])) = 1
),
candidates AS (
    -- tier 1: a column name that is a declared foreign key elsewhere, always to the same table
    SELECT 1 AS tier, 'like the foreign key ' || d.conname || ' of the same column name' AS source,
           ch.schema AS child_schema, ch.name AS child_table, ch.col AS child_column,
           d.schema AS parent_schema, d.name AS parent_table, d.key AS parent_column, ch.col_type, d.key_type
    FROM children ch
    JOIN declared d ON d.child_schema = ch.schema AND d.col = ch.col
    UNION ALL
    -- tier 1: Supabase, a profiles table whose id is the user's id in auth.users
    SELECT 1, 'Supabase: profiles.id is the id of auth.users',
           t.schema, t.name, pa.attname, p.schema, p.name, p.key, pa.atttypid, p.key_type
    FROM tabs t
    JOIN pg_constraint pk ON pk.conrelid = t.oid AND pk.contype = 'p' AND array_length(pk.conkey, 1) = 1
    JOIN pg_attribute pa ON pa.attrelid = t.oid AND pa.attnum = pk.conkey[1] AND pa.attname = 'id'
    JOIN parents p ON p.schema = 'auth' AND p.name = 'users'
    WHERE t.name = 'profiles' AND t.schema <> 'auth'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                      WHERE f.conrelid = t.oid AND f.contype = 'f' AND pa.attnum = ANY (f.conkey))
    UNION ALL
    -- tier 2: the column names a table of its own schema (each name it could mean, joined on equality)
    SELECT 2, CASE w.convention
               WHEN 'same' THEN 'naming: ' || ch.col || ' -> ' || p.name
               WHEN 'prisma' THEN 'Prisma naming: ' || ch.col || ' -> ' || p.name
               WHEN 'plural' THEN 'Rails/Laravel naming: ' || ch.col || ' -> ' || p.name
               ELSE 'Django naming: ' || ch.col || ' -> ' || p.name || ' (same app prefix as ' || ch.name || ')' END,
           ch.schema, ch.name, ch.col, p.schema, p.name, p.key, ch.col_type, p.key_type
    FROM children ch
    CROSS JOIN LATERAL (
        SELECT ch.x, 'same'
        UNION ALL SELECT ch.x || 's', 'plural'
        UNION ALL SELECT ch.x || 'es', 'plural'
        UNION ALL SELECT regexp_replace(ch.x, '([^aeiou])y$', '\1ies'), 'plural' WHERE ch.x ~ '[^aeiou]y$'
        UNION ALL SELECT upper(left(ch.x, 1)) || substr(ch.x, 2), 'prisma' WHERE ch.camel
        UNION ALL SELECT left(ch.name, pos) || v, 'django'
                  FROM generate_series(1, length(ch.name) - 1) pos,
                       unnest(ARRAY[ch.x, replace(ch.x, '_', ''), ch.x || 's', ch.x || 'es']) v
                  WHERE NOT ch.camel AND substr(ch.name, pos, 1) = '_'
    ) w(name, convention)
    JOIN parents p ON p.schema = ch.schema AND p.name = w.name
    WHERE w.convention <> 'django' OR p.name <> ch.name
    UNION ALL
    -- tier 3: the only table of the schema named <app>_x (Django: a model of another app)
    SELECT 3, 'Django naming: ' || ch.col || ' -> ' || min(p.name) || ' (the only table named <app>_' || ch.x || ')',
           ch.schema, ch.name, ch.col, ch.schema, min(p.name), 'id', ch.col_type, min(p.key_type)
    FROM children ch
    CROSS JOIN LATERAL unnest(ARRAY[ch.x, replace(ch.x, '_', '')]) m(model)
    JOIN (SELECT pp.*, substr(pp.name, strpos(pp.name, '_') + 1) AS model FROM parents pp WHERE strpos(pp.name, '_') > 1) p
      ON p.schema = ch.schema AND p.model = m.model
    WHERE NOT ch.camel
    GROUP BY ch.schema, ch.name, ch.col, ch.x, ch.col_type
    HAVING count(DISTINCT p.name) = 1
    UNION ALL
    -- tier 3: Supabase, user_id -> auth.users when that table exists
    SELECT 3, 'Supabase: ' || ch.col || ' -> auth.users',
           ch.schema, ch.name, ch.col, p.schema, p.name, p.key, ch.col_type, p.key_type
    FROM children ch
    JOIN parents p ON p.schema = 'auth' AND p.name = 'users'
    WHERE ch.x = 'user' AND ch.schema <> 'auth'
)
SELECT tier, source, child_schema, child_table, child_column, parent_schema, parent_table, parent_column
FROM candidates
WHERE col_type = key_type
   OR (col_type IN (20, 21, 23) AND key_type IN (20, 21, 23))
   OR (col_type IN (25, 1043) AND key_type IN (25, 1043))
UNION ALL
-- tier 0: single-column foreign keys added NOT VALID
SELECT 0, 'foreign key ' || f.conname || ' is NOT VALID',
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
ORDER BY 3, 4, 5, 1, 7, 8;
