-- errors.rate: all requests of the last window, from the table that records them.
SELECT count(*) AS total
FROM {{table}} t
WHERE t.{{time}} > now() - make_interval(secs => {{window_seconds}})
  AND t.{{time}} <= now();
