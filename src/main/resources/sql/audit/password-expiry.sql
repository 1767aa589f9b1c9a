SELECT rolname AS offender FROM pg_roles WHERE rolcanlogin AND rolvaliduntil IS NULL AND oid <> 10 ORDER BY 1
