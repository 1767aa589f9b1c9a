-- What the demo plants: a burst of server errors in the last hour (about 6 % of its requests: 001's critical > 5 %; the
-- error-rate check reads the same burst from the Sentry stand-in, see MaintenanceApis), and credential stuffing from one
-- address in the access log.
INSERT INTO api_requests (path, status, requested_at)
SELECT '/api/projects', CASE WHEN i % 16 = 0 THEN 500 ELSE 200 END, now() - (i * 3 || ' seconds')::interval FROM generate_series(1, 1200) i;
INSERT INTO error_logs (source, message, created_at)
SELECT 'api', 'connection pool exhausted', now() - (i * 30 || ' seconds')::interval FROM generate_series(1, 95) i;
INSERT INTO access_logs (email, ip, success, created_at)
SELECT 'admin@app.example', '203.0.113.77', false, now() - (i * 9 || ' seconds')::interval FROM generate_series(1, 60) i;
