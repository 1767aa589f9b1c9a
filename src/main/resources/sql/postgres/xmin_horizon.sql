-- postgres.xmin_horizon: what holds back the oldest transaction ID vacuum must keep rows for — a session's snapshot, a
-- prepared transaction, or a replication slot — the oldest first. Caretaker's own session is left out.
SELECT * FROM (
    SELECT 'session' AS holder, pid::text AS name, age(backend_xmin) AS xmin_age,
           coalesce(usename, '') || ' ' || coalesce(application_name, '') || ' ' || coalesce(left(query, 200), '') AS detail,
           extract(epoch FROM now() - xact_start)::bigint AS seconds
    FROM pg_stat_activity WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()
    UNION ALL
    SELECT 'prepared transaction', gid, age(transaction), owner || ' in ' || database, extract(epoch FROM now() - prepared)::bigint
    FROM pg_prepared_xacts
    UNION ALL
    SELECT 'replication slot', slot_name, greatest(age(xmin), age(catalog_xmin)), slot_type || CASE WHEN active THEN ' (active)' ELSE ' (inactive)' END, NULL
    FROM pg_replication_slots WHERE xmin IS NOT NULL OR catalog_xmin IS NOT NULL
) h
ORDER BY xmin_age DESC NULLS LAST
LIMIT 1
