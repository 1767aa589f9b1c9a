SELECT rolname AS offender FROM pg_roles WHERE rolsuper AND oid <> 10 ORDER BY 1
