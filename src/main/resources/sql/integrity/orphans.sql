-- postgres.orphan_rows: child rows whose non-NULL key has no parent row. One anti-join over the child;
-- the window count gives the total while LIMIT keeps only a sample of offending keys.
-- Placeholders are filled with quoted identifiers checked against the catalog.
SELECT count(*) OVER () AS orphan_count,
       ({{child_key}})::text AS child_key,
       c.{{child_column}}::text AS missing_value
FROM {{child_table}} c
WHERE c.{{child_column}} IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {{parent_table}} p WHERE p.{{parent_column}} = c.{{child_column}})
LIMIT 10;
