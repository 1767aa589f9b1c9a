-- postgres.slow_query (PostgreSQL 13 and later): statements of this database by mean execution time.
SELECT s.queryid::text AS queryid,
       left(s.query, 300) AS query,
       s.calls,
       s.mean_exec_time AS mean_ms,
       s.total_exec_time AS total_ms
FROM pg_stat_statements s
WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY s.mean_exec_time DESC;
