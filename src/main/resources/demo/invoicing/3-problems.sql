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

-- A sequence near its limit: invoice numbers were imported from the old system.
SELECT setval('invoices_id_seq', 1950000000);
