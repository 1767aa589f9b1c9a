-- What the probes need to know about the server: its version and whether pg_stat_statements is installed here.
SELECT current_setting('server_version_num')::int AS version_num,
       current_setting('server_version') AS version,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS has_pg_stat_statements;
