-- postgres.xid_wraparound: transaction ID age of every database that accepts connections
-- (wraparound forces a shutdown at 2^31).
SELECT datname, age(datfrozenxid) AS xid_age, mxid_age(datminmxid) AS mxid_age
FROM pg_database
WHERE datallowconn;
