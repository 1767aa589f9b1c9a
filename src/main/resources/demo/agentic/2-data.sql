-- A healthy day of the agentic ecosystem.
SELECT setseed(0.003);
INSERT INTO user_consents (user_id, purpose, granted, recorded_at)
SELECT gen_random_uuid(), p, true, now() - (i || ' days')::interval
FROM generate_series(1, 400) i, unnest(ARRAY['analytics', 'agent-memory']) p;
INSERT INTO trust_scores (agent_id, score) SELECT gen_random_uuid(), 60 + random() * 40 FROM generate_series(1, 200);
INSERT INTO error_logs (component, severity, message, created_at)
SELECT (ARRAY['router', 'memory', 'planner'])[1 + i % 3], 'error', 'timeout talking to the model gateway', now() - (i * 37 || ' minutes')::interval
FROM generate_series(1, 300) i;
INSERT INTO error_logs (component, severity, message, created_at)
SELECT 'router', 'error', 'stale cache entry', now() - interval '120 days' - (i || ' hours')::interval FROM generate_series(1, 40) i;
INSERT INTO api_requests (function, status, requested_at)
SELECT (ARRAY['production-monitoring', 'error-tracking', 'gdpr-compliance'])[1 + i % 3], CASE WHEN i % 97 = 0 THEN 500 ELSE 200 END,
       now() - (i * 20 || ' seconds')::interval
FROM generate_series(1, 20000) i;
INSERT INTO performance_alerts (metric, value, created_at)
SELECT 'avg_query_time', 210 + i, now() - (i || ' days')::interval FROM generate_series(1, 60) i;
INSERT INTO gdpr_audit_log (user_id, event, created_at) SELECT user_id, 'consent_recorded', recorded_at FROM user_consents;
INSERT INTO query_performance_logs (query_name, duration_ms, logged_at)
SELECT 'agent_lookup', 40 + random() * 30, now() - (i || ' minutes')::interval FROM generate_series(1, 2000) i;
INSERT INTO performance_baselines VALUES ('avg_query_time', 55, 110, now() - interval '30 days');
INSERT INTO auth_attempts (email, ip_address, succeeded, created_at)
SELECT 'user' || i || '@agentic.example', '10.0.0.' || (i % 40), true, now() - (i || ' minutes')::interval FROM generate_series(1, 200) i;
