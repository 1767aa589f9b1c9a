-- Manual 002's retail integration: order import, fulfilment push and inventory sync per retailer,
-- run as scheduled GitHub Actions workflows (the demo plants their runs in a stand-in of GitHub's API).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

CREATE TABLE retailers (
    id     serial PRIMARY KEY,
    slug   text UNIQUE NOT NULL,
    name   text NOT NULL,
    status text NOT NULL
);

CREATE TABLE orders (
    id          bigserial PRIMARY KEY,
    retailer_id integer     NOT NULL REFERENCES retailers (id),
    external_id text        NOT NULL,
    state       text        NOT NULL,
    total       numeric(12, 2) NOT NULL,
    imported_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX orders_retailer_idx ON orders (retailer_id);

CREATE TABLE inventory_items (
    id          bigserial PRIMARY KEY,
    retailer_id integer NOT NULL REFERENCES retailers (id),
    sku         text    NOT NULL,
    location_id text,
    quantity    integer NOT NULL
);
CREATE INDEX inventory_items_retailer_idx ON inventory_items (retailer_id);

CREATE TABLE sync_errors (
    id        bigserial PRIMARY KEY,
    workflow  text        NOT NULL,
    message   text        NOT NULL,
    logged_at timestamptz NOT NULL
);
