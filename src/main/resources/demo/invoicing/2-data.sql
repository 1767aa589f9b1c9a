-- Believable, repeatable data: a few thousand clients, a year of invoices, lines, payments and logs.
SELECT setseed(0.42);

INSERT INTO clients (name, email, country, created_at)
SELECT 'Client ' || g,
       'billing' || g || '@client' || (g % 97) || '.example',
       (ARRAY['US', 'GB', 'DE', 'CA', 'AU', 'FR', 'NL'])[1 + g % 7],
       now() - make_interval(days => 400 - g % 400)
FROM generate_series(1, 2000) g;

INSERT INTO invoices (client_id, number, status, amount, tax_rate, issued_at, due_at)
SELECT 1 + (random() * 1999)::int,
       'INV-' || lpad(g::text, 6, '0'),
       (ARRAY['paid', 'paid', 'paid', 'sent', 'overdue', 'draft'])[1 + g % 6],
       round((50 + random() * 4950)::numeric, 2),
       (ARRAY[0, 7, 19, 20])[1 + g % 4],
       now() - make_interval(days => 365 - g % 365),
       now() - make_interval(days => 335 - g % 365)
FROM generate_series(1, 30000) g;

INSERT INTO invoice_lines (invoice_id, description, quantity, unit_price, amount)
SELECT invoice_id, description, quantity, unit_price, quantity * unit_price
FROM (SELECT 1 + (g % 30000) AS invoice_id,
             (ARRAY['Design work', 'Development', 'Consulting', 'Copywriting', 'Hosting'])[1 + g % 5] AS description,
             1 + g % 8 AS quantity,
             round((25 + random() * 175)::numeric, 2) AS unit_price
      FROM generate_series(1, 75000) g) l;

INSERT INTO payments (invoice_id, amount, method, gateway_ref, paid_at)
SELECT 1 + (g * 7) % 30000,
       round((50 + random() * 4950)::numeric, 2),
       (ARRAY['card', 'ach', 'paypal'])[1 + g % 3],
       'anet-' || md5(g::text),
       now() - make_interval(days => g % 360)
FROM generate_series(1, 20000) g;

INSERT INTO integrations (name, status, last_success_at) VALUES
    ('zoho-crm', 'OK', now() - interval '2 hours'),
    ('zoho-billing', 'OK', now() - interval '2 hours'),
    ('zoho-books', 'OK', now() - interval '3 hours'),
    ('zoho-desk', 'OK', now() - interval '1 hour'),
    ('authorize-net', 'OK', now() - interval '26 hours');

-- every integration syncs every 25 minutes
INSERT INTO sync_runs (integration, started_at, finished_at, status, records, error)
SELECT (ARRAY['zoho-crm', 'zoho-billing', 'zoho-books', 'zoho-desk', 'authorize-net'])[1 + g % 5],
       now() - make_interval(mins => g * 5),
       now() - make_interval(mins => g * 5) + make_interval(secs => 5 + g % 40),
       CASE WHEN g % 97 = 0 THEN 'failed' ELSE 'success' END,
       g % 300,
       CASE WHEN g % 97 = 0 THEN 'upstream returned 503' END
FROM generate_series(1, 60000) g;

INSERT INTO auth_events (user_email, ip, success, user_agent, at)
SELECT 'user' || (g % 800) || '@freelancer.example',
       ('10.' || (g % 200) || '.' || (g % 250) || '.' || (1 + g % 250))::inet,
       g % 17 <> 0,
       'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_' || (g % 7) || ') AppleWebKit/605.1.15 Safari/' || (600 + g % 40)
           || ' session/' || md5(g::text),
       now() - make_interval(mins => g)
FROM generate_series(1, 50000) g;

INSERT INTO error_logs (source, level, message, at)
SELECT (ARRAY['zoho-sync', 'payments', 'api', 'pdf-render'])[1 + g % 4],
       CASE WHEN g % 10 = 0 THEN 'error' ELSE 'warn' END,
       'request failed with status ' || (ARRAY[500, 502, 503, 429])[1 + g % 4],
       now() - make_interval(mins => g * 7)
FROM generate_series(1, 5000) g;

-- Older error logs, 95 to 150 days back: due for the archive.
INSERT INTO error_logs (source, level, message, at)
SELECT (ARRAY['zoho-sync', 'payments', 'api', 'pdf-render'])[1 + g % 4], 'warn', 'request failed with status 502',
       now() - make_interval(days => 95 + g % 55, mins => g)
FROM generate_series(1, 1800) g;

-- Two months of performance alerts, a few an hour.
INSERT INTO performance_alerts (metric, value, created_at)
SELECT (ARRAY['api.p95_ms', 'db.connections', 'queue.depth'])[1 + g % 3], 100 + g % 900, now() - make_interval(mins => g * 15)
FROM generate_series(1, 5760) g;

INSERT INTO tax_rates (country, rate) VALUES ('US', 0), ('GB', 20), ('DE', 19), ('CA', 5), ('AU', 10), ('FR', 20), ('NL', 21);
