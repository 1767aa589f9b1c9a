-- splinter 0018 unsupported_reg_types: a column of a table or materialized view stored as one of the reg* types that hold
-- an object's internal ID; pg_upgrade refuses a database with them, since the IDs change. (regclass, regrole and regtype
-- are carried over and not listed.) Objects of extensions are left out. Any PostgreSQL.
SELECT format('%I.%I.%I', n.nspname, c.relname, a.attname) AS subject, format('%I.%I', n.nspname, c.relname) AS "table",
       quote_ident(a.attname) AS "column", t.typname AS type
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm')
  AND t.typnamespace = 'pg_catalog'::regnamespace
  AND t.typname IN ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgsodium')
  AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e')
ORDER BY 1
