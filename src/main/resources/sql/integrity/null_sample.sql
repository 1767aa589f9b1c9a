-- Up to 10 keys of rows with a NULL in the column, once null_counts.sql found some.
SELECT ({{key}})::text AS row_key
FROM {{table}} t
WHERE t.{{column}} IS NULL
LIMIT 10;
