-- postgres.unexpected_nulls: one scan of a table counts the NULLs of every column it must not have.
-- The null_counts placeholder becomes one "count(*) FILTER (WHERE col IS NULL) AS nN" per column.
SELECT count(*) AS total_rows{{null_counts}}
FROM {{table}};
