-- splinter 0022 extension_versions_outdated: an extension installed at another version than the one this server ships as
-- its default (the version CREATE EXTENSION would install today). A version the server no longer lists (left by
-- pg_upgrade) is not judged. Any PostgreSQL.
SELECT e.extname AS subject, e.extversion AS installed_version, a.default_version
FROM pg_extension e
JOIN pg_available_extensions a ON a.name = e.extname
WHERE a.default_version IS NOT NULL AND e.extversion <> a.default_version
  AND EXISTS (SELECT 1 FROM pg_available_extension_versions v WHERE v.name = e.extname AND v.version = e.extversion)
ORDER BY 1
