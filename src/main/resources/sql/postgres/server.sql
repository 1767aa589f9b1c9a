-- What the probes need to know about the server: its version and whether (and in which schema) pg_stat_statements is installed here.
SELECT current_setting('server_version_num')::int AS version_num,
       current_setting('server_version') AS version,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS has_pg_stat_statements,
       (SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_stat_statements') AS pg_stat_statements_schema;
