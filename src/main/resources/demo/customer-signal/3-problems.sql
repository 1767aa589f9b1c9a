-- The monitor-keywords function has been failing since the upstream API changed its limits.
UPDATE edge_function_runs SET status = 'error', error = 'upstream timeout calling the X API'
WHERE function = 'monitor-keywords' AND started_at > now() - interval '3 hours' AND id % 3 = 0;

-- And its error log shows it.
INSERT INTO function_logs (function, level, message, logged_at)
SELECT 'monitor-keywords', 'error', 'upstream timeout calling the X API', now() - make_interval(secs => g * 90)
FROM generate_series(1, 35) g;
INSERT INTO api_requests (path, status, requested_at)
SELECT '/functions/v1/monitor-keywords', 500, now() - make_interval(secs => g * 100) FROM generate_series(1, 30) g;

-- The daily digest did not run this morning, nor the two before.
DELETE FROM edge_function_runs WHERE function = 'daily-digest' AND started_at > now() - interval '3 days';

-- A table added in a hurry, exposed through the API without row-level security.
CREATE TABLE mentions_export (id bigserial PRIMARY KEY, organization_id uuid, payload jsonb);

-- A role left with superuser rights after a migration.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dashboard_admin') THEN
        CREATE ROLE dashboard_admin LOGIN SUPERUSER;
    END IF;
END $$;

-- Credential stuffing against the dashboard.
INSERT INTO auth_audit (email, ip_address, outcome, created_at)
SELECT 'user' || g || '@customersignal.example', '45.155.205.233', 'invalid_credentials', now() - make_interval(secs => g * 4)
FROM generate_series(1, 120) g;

-- Supabase Auth: one address signed into nine different accounts within the hour (credential stuffing that worked).
INSERT INTO auth.audit_log_entries (id, payload, created_at, ip_address)
SELECT gen_random_uuid(), json_build_object('action', 'login', 'actor_id', 'member-' || i, 'log_type', 'account'), now() - (i * 4 || ' minutes')::interval,
       '198.51.100.23'
FROM generate_series(1, 9) i;
