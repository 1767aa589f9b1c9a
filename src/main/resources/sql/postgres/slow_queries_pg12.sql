-- postgres.slow_query (PostgreSQL 12 and earlier, whose columns are mean_time and total_time).
SELECT s.queryid::text AS queryid,
       left(s.query, 300) AS query,
       s.calls,
       s.mean_time AS mean_ms,
       s.total_time AS total_ms
FROM pg_stat_statements s
WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY s.mean_time DESC;
