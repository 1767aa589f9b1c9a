-- The error text of each job's latest failed run in the window, for the evidence of jobs.failure_rate.
SELECT DISTINCT ON (t.{{name}}) t.{{name}}::text AS job, left(t.{{error}}::text, 300) AS error, t.{{time}} AS at
FROM {{table}} t
WHERE t.{{time}} >= now() - make_interval(secs => {{window_seconds}})
  AND NOT coalesce(lower(t.{{status}}::text) = ANY (ARRAY[{{success_values}}]), false)
ORDER BY t.{{name}}, t.{{time}} DESC;
