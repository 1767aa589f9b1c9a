-- Epic Gardening's fulfilment push has failed one run in five for two days (a rotated API token).
UPDATE workflow_runs SET conclusion = 'failure', error = 'Shopify 401: [API] Invalid API key or access token'
WHERE workflow = 'epic-gardening/fulfillment-push' AND started_at > now() - interval '48 hours' AND id % 5 = 0;

-- The Test Retail Store order import stopped five hours ago.
DELETE FROM workflow_runs WHERE workflow = 'test-retail-store/order-import' AND started_at > now() - interval '5 hours';

-- Botanical Interests' inventory sync is being tried out before anyone listed it.
INSERT INTO workflow_runs (workflow, retailer_id, started_at, finished_at, conclusion)
SELECT 'botanical-interests/inventory-sync', 2, now() - make_interval(hours => g), now() - make_interval(hours => g) + interval '2 minutes', 'success'
FROM generate_series(1, 3) g;

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
