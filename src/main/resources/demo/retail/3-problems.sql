-- Inventory sync is throttled by the GraphQL API right now.
INSERT INTO sync_errors (workflow, message, logged_at)
SELECT 'nationwide-plants/inventory-sync', 'GraphQL THROTTLED: cost exceeds available', now() - make_interval(secs => g * 60)
FROM generate_series(1, 25) g;

-- Orders stuck half-imported for hours.
INSERT INTO orders (retailer_id, external_id, state, total, imported_at, updated_at)
SELECT 3, '#EG-' || g, 'importing', 42.00, now() - interval '6 hours', now() - interval '6 hours'
FROM generate_series(1, 4) g;

-- Inventory items without a target location (the first step of 002's inventory troubleshooting).
UPDATE inventory_items SET location_id = NULL WHERE id % 1500 = 0;
