-- When a job last ran at all, for a job with no run in the look-back.
SELECT max(t.{{time}}) AS last_run
FROM {{table}} t
WHERE t.{{name}}::text = {{job}};
