-- The problems the weekly self-check should find.

-- Orphans: invoices of clients deleted without their invoices, payments of invoices that never existed.
INSERT INTO invoices (client_id, number, status, amount, issued_at)
SELECT 900000 + g, 'INV-X' || g, 'sent', 120.00, now() - interval '20 days'
FROM generate_series(1, 37) g;
INSERT INTO payments (invoice_id, amount, method, gateway_ref, paid_at)
SELECT 800000 + g, 99.00, 'card', 'anet-orphan-' || g, now() - interval '3 days'
FROM generate_series(1, 5) g;

-- NULL amounts: a buggy import left invoices and lines without an amount.
UPDATE invoices SET amount = NULL WHERE id % 1201 = 0;
UPDATE invoice_lines SET amount = NULL WHERE id % 6007 = 0;

-- Bloat: old sync runs deleted while autovacuum is off for the table.
DELETE FROM sync_runs WHERE id > 20000;

-- Zoho Books syncs have failed every other time since yesterday's token rotation.
UPDATE sync_runs SET status = 'failed', error = 'Zoho Books: 401 invalid_oauthtoken'
WHERE integration = 'zoho-books' AND started_at > now() - interval '24 hours' AND id % 2 = 0;

-- The Authorize.net settlement sync stopped 26 hours ago.
DELETE FROM sync_runs WHERE integration = 'authorize-net' AND started_at > now() - interval '26 hours';

-- An error spike from the Zoho sync in the last half hour.
INSERT INTO error_logs (source, level, message, at)
SELECT 'zoho-sync', 'error', 'Zoho Books: 401 invalid_oauthtoken', now() - make_interval(secs => g * 100)
FROM generate_series(1, 16) g;

-- Password spraying from one address, and then a login that worked.
INSERT INTO auth_events (user_email, ip, success, user_agent, at)
SELECT 'user' || (g % 6) || '@freelancer.example', '185.220.101.4', false, 'python-requests/2.31', now() - make_interval(secs => 30 + g * 15)
FROM generate_series(1, 32) g;
INSERT INTO auth_events (user_email, ip, success, user_agent, at)
VALUES ('user3@freelancer.example', '185.220.101.4', true, 'python-requests/2.31', now() - interval '10 seconds');

-- A sequence near its limit: invoice numbers were imported from the old system.
SELECT setval('invoices_id_seq', 1950000000);
