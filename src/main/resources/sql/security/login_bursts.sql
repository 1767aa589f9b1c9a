-- security.login_burst: failed logins per address in the window (at least the limit), the distinct users
-- they tried, and whether a successful login from the same address followed the first failure.
SELECT b.ip, b.failures, b.users, b.first_failure, b.last_failure,
       EXISTS (SELECT 1 FROM {{table}} s
               WHERE {{ip_s}} = b.ip AND {{success_s}} AND s.{{time}} > b.first_failure AND s.{{time}} <= now()) AS success_after
FROM (SELECT {{ip_t}} AS ip,
             count(*) AS failures,
             count(DISTINCT {{user_t}}) AS users,
             min(t.{{time}}) AS first_failure,
             max(t.{{time}}) AS last_failure
      FROM {{table}} t
      WHERE t.{{time}} > now() - make_interval(secs => {{window_seconds}})
        AND t.{{time}} <= now()
        AND NOT {{success_t}}
      GROUP BY 1
      HAVING count(*) >= {{min_failures}}) b
ORDER BY b.failures DESC;
