-- security.account_spread and security.recovery_burst from Supabase Auth's log (auth.audit_log_entries), which records
-- what succeeded — sign-ins, sign-ups, recovery requests — not failed attempts: per address in the window, how many
-- distinct accounts signed in from it, and how many password recoveries it asked for.
SELECT ip_address AS ip,
       count(DISTINCT payload ->> 'actor_id') FILTER (WHERE payload ->> 'action' = 'login') AS accounts,
       count(*) FILTER (WHERE payload ->> 'action' = 'user_recovery_requested') AS recoveries,
       count(*) AS events,
       min(created_at) AS first_at,
       max(created_at) AS last_at
FROM auth.audit_log_entries
WHERE created_at >= now() - make_interval(secs => {{window_seconds}})
  AND coalesce(ip_address, '') <> ''
GROUP BY ip_address
HAVING count(DISTINCT payload ->> 'actor_id') FILTER (WHERE payload ->> 'action' = 'login') > {{max_accounts}}
    OR count(*) FILTER (WHERE payload ->> 'action' = 'user_recovery_requested') > {{max_recoveries}}
ORDER BY 2 DESC, 3 DESC
