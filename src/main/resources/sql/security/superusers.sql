-- security.superuser_roles: roles that can log in with superuser rights, other than the bootstrap
-- superuser and the owner of this database.
SELECT r.rolname AS role_name
FROM pg_roles r
WHERE r.rolsuper
  AND r.rolcanlogin
  AND r.oid <> 10
  AND r.oid <> (SELECT datdba FROM pg_database WHERE datname = current_database())
ORDER BY 1;
