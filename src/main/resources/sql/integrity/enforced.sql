-- The validated foreign keys of the user tables: the references PostgreSQL enforces itself, which discovery leaves to it.
SELECT count(*) AS enforced
FROM pg_constraint f
JOIN pg_class c ON c.oid = f.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE f.contype = 'f'
  AND f.convalidated
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'caretaker');
