-- postgres.database_size: bytes on disk of this database.
SELECT current_database() AS datname, pg_database_size(current_database()) AS bytes;
