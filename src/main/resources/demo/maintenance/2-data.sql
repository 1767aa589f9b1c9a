-- A normal day: users, projects, a steady flow of API requests with few errors, ordinary logins.
SELECT setseed(0.001);
INSERT INTO users (email, created_at) SELECT 'user' || i || '@app.example', now() - (i || ' days')::interval FROM generate_series(1, 300) i;
INSERT INTO projects (user_id, name) SELECT 1 + (i % 300), 'project ' || i FROM generate_series(1, 900) i;
INSERT INTO api_requests (path, status, requested_at)
SELECT (ARRAY['/api/projects', '/api/users', '/api/search'])[1 + i % 3], 200, now() - (i * 10 || ' seconds')::interval
FROM generate_series(1, 8000) i;
INSERT INTO error_logs (source, message, created_at)
SELECT 'api', 'timeout calling the search index', now() - interval '2 days' - (i * 17 || ' minutes')::interval FROM generate_series(1, 200) i;
INSERT INTO access_logs (email, ip, success, created_at)
SELECT 'user' || i || '@app.example', '10.1.0.' || (i % 50), true, now() - (i || ' minutes')::interval FROM generate_series(1, 300) i;
