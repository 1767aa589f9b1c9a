-- postgres.long_transaction, postgres.idle_in_transaction, postgres.blocked_queries: the client sessions
-- of this database, with how long their transaction, their state and any lock wait have lasted, and who
-- blocks them.
SELECT a.pid,
       a.usename::text AS user_name,
       a.application_name,
       host(a.client_addr) AS client,
       a.state,
       extract(epoch FROM now() - a.xact_start) AS xact_seconds,
       extract(epoch FROM now() - a.state_change) AS state_seconds,
       CASE WHEN a.wait_event_type = 'Lock' THEN extract(epoch FROM now() - a.query_start) END AS lock_wait_seconds,
       pg_blocking_pids(a.pid) AS blocked_by,
       left(a.query, 300) AS query
FROM pg_stat_activity a
WHERE a.backend_type = 'client backend'
  AND a.pid <> pg_backend_pid()
  AND a.datname = current_database();
