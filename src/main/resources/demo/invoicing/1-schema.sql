-- The freelancer invoicing and gig income tracking app of manual 000, as its team built it: some
-- references are enforced by foreign keys, some only by the application.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;   -- as on Supabase

CREATE TABLE clients (
    id         bigserial PRIMARY KEY,
    name       text        NOT NULL,
    email      text,
    country    text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE invoices (
    id         serial PRIMARY KEY,            -- integer: the sequence overflows at 2^31
    client_id  bigint,                        -- no foreign key: kept by the app
    number     text        NOT NULL,
    status     text        NOT NULL,
    currency   text        NOT NULL DEFAULT 'USD',
    amount     numeric(12, 2),
    tax_rate   numeric(5, 2) NOT NULL DEFAULT 0,
    issued_at  timestamptz NOT NULL,
    due_at     timestamptz
);
CREATE INDEX invoices_client_idx ON invoices (client_id);
CREATE INDEX invoices_client_status_idx ON invoices (client_id, status);
CREATE INDEX invoices_issued_idx ON invoices (issued_at);

CREATE TABLE invoice_lines (
    id          bigserial PRIMARY KEY,
    invoice_id  integer NOT NULL REFERENCES invoices (id),   -- no index on it
    description text    NOT NULL,
    quantity    numeric(10, 2) NOT NULL,
    unit_price  numeric(12, 2),
    amount      numeric(12, 2)
);

CREATE TABLE payments (
    id          bigserial PRIMARY KEY,
    invoice_id  integer,                       -- no foreign key
    amount      numeric(12, 2) NOT NULL,
    method      text           NOT NULL,
    gateway_ref text,
    paid_at     timestamptz    NOT NULL
);
CREATE INDEX payments_invoice_idx ON payments (invoice_id);

CREATE TABLE integrations (
    id              serial PRIMARY KEY,
    name            text UNIQUE NOT NULL,
    status          text        NOT NULL,
    last_success_at timestamptz,
    last_error      text
);

CREATE TABLE sync_runs (
    id          bigserial PRIMARY KEY,
    integration text        NOT NULL REFERENCES integrations (name),
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    status      text        NOT NULL,
    records     integer,
    error       text
) WITH (autovacuum_enabled = false);          -- switched off "temporarily" during a data migration
CREATE INDEX sync_runs_integration_idx ON sync_runs (integration, started_at);

CREATE TABLE auth_events (
    id         bigserial PRIMARY KEY,
    user_email text,
    ip         inet        NOT NULL,
    success    boolean     NOT NULL,
    user_agent text,
    at         timestamptz NOT NULL
);
CREATE INDEX auth_events_user_agent_idx ON auth_events (user_agent);   -- added for a report nobody runs

CREATE TABLE error_logs (
    id      bigserial PRIMARY KEY,
    source  text        NOT NULL,
    level   text        NOT NULL,
    message text        NOT NULL,
    at      timestamptz NOT NULL
);

CREATE TABLE error_logs_archive (LIKE error_logs);      -- manual 003: error logs older than 90 days are archived here

CREATE TABLE performance_alerts (                     -- manual 003: kept for 30 days
    id         bigserial PRIMARY KEY,
    metric     text        NOT NULL,
    value      numeric     NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE tax_rates (                              -- manual 000 §4: no automated action may change tax calculation
    country text PRIMARY KEY,
    rate    numeric(5, 2) NOT NULL
);
