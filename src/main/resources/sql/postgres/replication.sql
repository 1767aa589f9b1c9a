-- postgres.inactive_slot and postgres.replication_lag: replication slots no client uses that hold back WAL (and with it
-- the xmin horizon, so vacuum cannot clean), and standbys replaying behind. On a standby no WAL position is current:
-- retained bytes are then unknown (NULL).
SELECT 'slot' AS kind, slot_name AS name, slot_type AS detail, active,
       CASE WHEN pg_is_in_recovery() OR restart_lsn IS NULL THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint END AS bytes,
       greatest(age(xmin), age(catalog_xmin)) AS xmin_age, NULL::double precision AS lag_seconds
FROM pg_replication_slots
UNION ALL
SELECT 'standby', coalesce(application_name, client_addr::text, 'standby'), state, true, NULL,
       NULL, extract(epoch FROM coalesce(replay_lag, flush_lag, write_lag))::double precision
FROM pg_stat_replication
