-- postgres.unexpected_nulls: one scan of a table counts the NULLs of every column it must not have.
-- {{null_counts}} is one "count(*) FILTER (WHERE col IS NULL) AS col" per column.
SELECT count(*) AS total_rows{{null_counts}}
FROM {{table}};
