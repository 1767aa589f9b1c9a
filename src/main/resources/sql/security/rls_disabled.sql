-- security.rls_disabled: tables of the listed schemas without row-level security (the Supabase convention
-- is that every table the API exposes has it). Placeholder: the schema names as quoted literals.
SELECT n.nspname AS schema, c.relname AS table_name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relrowsecurity
  AND n.nspname = ANY (ARRAY[{{schemas}}]::text[])
ORDER BY 1, 2;
