SELECT setseed(0.02);

INSERT INTO retailers (slug, name, status) VALUES
    ('nationwide-plants', 'Nationwide Plants', 'Fully Operational'),
    ('botanical-interests', 'Botanical Interests', 'Inventory Sync Pending'),
    ('epic-gardening', 'Epic Gardening', 'Inventory Sync Pending'),
    ('test-retail-store', 'Test Retail Store', 'Inventory Sync Planned');

INSERT INTO orders (retailer_id, external_id, state, total, imported_at, updated_at)
SELECT 1 + g % 4, '#' || (100000 + g), (ARRAY['fulfilled', 'fulfilled', 'fulfilled', 'paid'])[1 + g % 4],
       round((15 + random() * 185)::numeric, 2), now() - make_interval(hours => g % 720), now() - make_interval(hours => g % 700)
FROM generate_series(1, 40000) g;

INSERT INTO inventory_items (retailer_id, sku, location_id, quantity)
SELECT 1 + g % 4, 'SKU-' || lpad(g::text, 6, '0'), 'gid://shopify/Location/' || (1 + g % 3), (random() * 200)::int
FROM generate_series(1, 12000) g;

INSERT INTO sync_errors (workflow, message, logged_at)
SELECT (ARRAY['nationwide-plants/inventory-sync', 'epic-gardening/order-import'])[1 + g % 2],
       'GraphQL THROTTLED: cost exceeds available', now() - make_interval(mins => 90 + g * 40)
FROM generate_series(1, 500) g;
