-- postgres.cache_hit_ratio: share of block reads of this database served from shared buffers.
SELECT datname, blks_hit, blks_read
FROM pg_stat_database
WHERE datname = current_database();
