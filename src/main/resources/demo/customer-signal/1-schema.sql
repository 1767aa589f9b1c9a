-- Manual 004's CustomerSignal on Supabase: keyword monitoring edge functions, conversations, auth log.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

CREATE TABLE organizations (
    id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL
);
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;

CREATE TABLE keywords (
    id              bigserial PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    phrase          text NOT NULL
);
ALTER TABLE keywords ENABLE ROW LEVEL SECURITY;
CREATE INDEX keywords_org_idx ON keywords (organization_id);

CREATE TABLE conversations (
    id              bigserial PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    keyword_id      bigint      REFERENCES keywords (id),
    platform        text        NOT NULL,
    content         text        NOT NULL,
    sentiment       real,
    captured_at     timestamptz NOT NULL
);
CREATE INDEX conversations_org_idx ON conversations (organization_id, captured_at);
CREATE INDEX conversations_keyword_idx ON conversations (keyword_id);

CREATE TABLE edge_function_runs (
    id          bigserial PRIMARY KEY,
    function    text        NOT NULL,
    status      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    error       text
);
ALTER TABLE edge_function_runs ENABLE ROW LEVEL SECURITY;
CREATE INDEX edge_function_runs_fn_idx ON edge_function_runs (function, started_at);

CREATE TABLE function_logs (
    id        bigserial PRIMARY KEY,
    function  text        NOT NULL,
    level     text        NOT NULL,
    message   text        NOT NULL,
    logged_at timestamptz NOT NULL
);
ALTER TABLE function_logs ENABLE ROW LEVEL SECURITY;

CREATE TABLE api_requests (
    id          bigserial PRIMARY KEY,
    path        text        NOT NULL,
    status      integer     NOT NULL,
    requested_at timestamptz NOT NULL
);
ALTER TABLE api_requests ENABLE ROW LEVEL SECURITY;

CREATE TABLE auth_audit (
    id         bigserial PRIMARY KEY,
    email      text,
    ip_address text        NOT NULL,
    outcome    text        NOT NULL,   -- 'success' or 'invalid_credentials'
    created_at timestamptz NOT NULL
);
ALTER TABLE auth_audit ENABLE ROW LEVEL SECURITY;

-- Supabase Auth's own audit log, as Supabase creates it (the example's supabase-auth check reads it).
CREATE SCHEMA auth;
CREATE TABLE auth.audit_log_entries (
    instance_id uuid,
    id          uuid        NOT NULL PRIMARY KEY,
    payload     json,
    created_at  timestamptz,
    ip_address  varchar(64) NOT NULL DEFAULT ''
);
