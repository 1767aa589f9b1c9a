-- errors.spike: events per window-long bucket, per group. Bucket 0 is the last window; buckets 1..N are
-- the baseline before it. Placeholders: quoted identifiers, the group expression, and seconds.
SELECT {{group}} AS grp,
       least(floor(extract(epoch FROM (now() - t.{{time}})) / {{window_seconds}}), {{last_bucket}})::int AS bucket,
       count(*) AS events
FROM {{table}} t
WHERE t.{{time}} > now() - make_interval(secs => {{span_seconds}})
  AND t.{{time}} <= now()
GROUP BY 1, 2;
