-- Statements that cannot run inside a transaction block, run one at a time after 3-problems.sql.

-- A unique index on the gateway reference was built concurrently while a duplicate capture existed: the build failed
-- and left an invalid index that every write to payments still maintains. The duplicate has since been refunded and
-- removed, so REINDEX INDEX CONCURRENTLY would now succeed — with a person's approval.
INSERT INTO payments (invoice_id, amount, method, gateway_ref, paid_at)
SELECT invoice_id, amount, method, gateway_ref, now() FROM payments WHERE id = 1;
-- expected to fail
CREATE UNIQUE INDEX CONCURRENTLY payments_gateway_ref_key ON payments (gateway_ref);
DELETE FROM payments WHERE id = (SELECT max(id) FROM payments WHERE gateway_ref = (SELECT gateway_ref FROM payments WHERE id = 1));
