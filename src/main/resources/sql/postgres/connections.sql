-- postgres.connection_usage: client backends against max_connections.
SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS backends,
       current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int AS reserved;
