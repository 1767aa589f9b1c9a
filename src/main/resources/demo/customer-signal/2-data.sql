SELECT setseed(0.04);

INSERT INTO organizations (name) SELECT 'Org ' || g FROM generate_series(1, 40) g;
INSERT INTO keywords (organization_id, phrase)
SELECT o.id, 'brand term ' || g FROM organizations o CROSS JOIN generate_series(1, 5) g;

INSERT INTO conversations (organization_id, keyword_id, platform, content, sentiment, captured_at)
SELECT k.organization_id, k.id, (ARRAY['x', 'reddit', 'hn', 'review'])[1 + g % 4],
       'mention #' || g || ' of ' || k.phrase, (random() * 2 - 1)::real, now() - make_interval(mins => g % 20000)
FROM (SELECT id, organization_id, phrase, row_number() OVER () AS n FROM keywords) k
JOIN generate_series(1, 30000) g ON k.n = 1 + g % 200;

-- monitor-keywords every 5 minutes, sentiment-analysis every 15, daily-digest at 07:00
INSERT INTO edge_function_runs (function, status, started_at, finished_at)
SELECT 'monitor-keywords', 'ok', now() - make_interval(mins => 5 * g), now() - make_interval(mins => 5 * g, secs => -9)
FROM generate_series(0, 2000) g;
INSERT INTO edge_function_runs (function, status, started_at, finished_at)
SELECT 'sentiment-analysis', 'ok', now() - make_interval(mins => 15 * g), now() - make_interval(mins => 15 * g, secs => -40)
FROM generate_series(0, 700) g;
INSERT INTO edge_function_runs (function, status, started_at, finished_at)
SELECT 'daily-digest', 'ok', date_trunc('day', now()) + interval '7 hours' - make_interval(days => g),
       date_trunc('day', now()) + interval '7 hours 2 minutes' - make_interval(days => g)
FROM generate_series(1, 10) g;

INSERT INTO function_logs (function, level, message, logged_at)
SELECT (ARRAY['monitor-keywords', 'sentiment-analysis'])[1 + g % 2], 'error', 'rate limited by upstream',
       now() - make_interval(mins => 70 + g * 30)
FROM generate_series(1, 400) g;

INSERT INTO api_requests (path, status, requested_at)
SELECT (ARRAY['/rest/v1/conversations', '/rest/v1/keywords', '/functions/v1/monitor-keywords'])[1 + g % 3],
       200, now() - make_interval(secs => g * 3)
FROM generate_series(1, 1100) g;

INSERT INTO auth_audit (email, ip_address, outcome, created_at)
SELECT 'user' || (g % 300) || '@customersignal.example', '172.16.' || (g % 40) || '.' || (g % 200),
       CASE WHEN g % 25 = 0 THEN 'invalid_credentials' ELSE 'success' END, now() - make_interval(mins => g)
FROM generate_series(1, 5000) g;

-- Supabase Auth: ordinary sign-ins and token refreshes, one address per user.
INSERT INTO auth.audit_log_entries (id, payload, created_at, ip_address)
SELECT gen_random_uuid(), json_build_object('action', a, 'actor_id', 'user-' || i, 'log_type', 'account'), now() - (i || ' minutes')::interval,
       '10.2.0.' || i
FROM generate_series(1, 50) i, unnest(ARRAY['login', 'token_refreshed']) a;
