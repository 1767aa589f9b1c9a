-- jobs.stale and jobs.failure_rate: per job, its runs and successes in the window, its last run and last
-- success within the look-back, and the 95th percentile duration of the window when finish times are known.
-- Placeholders: quoted identifiers checked against the catalog, success values as quoted literals, and
-- the window and look-back in seconds.
SELECT j.job,
       count(*) FILTER (WHERE j.in_window) AS runs,
       count(*) FILTER (WHERE j.in_window AND j.success) AS successes,
       max(j.started) AS last_run,
       max(j.started) FILTER (WHERE j.success) AS last_success,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY j.seconds) FILTER (WHERE j.in_window) AS p95_seconds
FROM (SELECT t.{{name}}::text AS job,
             t.{{time}} AS started,
             t.{{time}} >= now() - make_interval(secs => {{window_seconds}}) AS in_window,
             coalesce(lower(t.{{status}}::text) = ANY (ARRAY[{{success_values}}]), false) AS success,
             {{seconds}} AS seconds
      FROM {{table}} t
      WHERE t.{{time}} >= now() - make_interval(secs => {{lookback_seconds}})) j
GROUP BY j.job;
