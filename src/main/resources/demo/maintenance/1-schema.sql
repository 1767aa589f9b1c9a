-- Manual 001's web app on Supabase: users, their projects, the API's request log, the error log and the access log.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_user ON users FOR SELECT USING (true);

CREATE TABLE projects (
    id         bigserial PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id),
    name       text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_projects ON projects FOR SELECT USING (true);
CREATE INDEX projects_user_idx ON projects (user_id);

CREATE TABLE api_requests (
    id           bigserial PRIMARY KEY,
    path         text        NOT NULL,
    status       integer     NOT NULL,
    requested_at timestamptz NOT NULL
);
ALTER TABLE api_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_requests ON api_requests FOR SELECT USING (true);
CREATE INDEX api_requests_at_idx ON api_requests (requested_at);

CREATE TABLE error_logs (
    id         bigserial PRIMARY KEY,
    source     text        NOT NULL,
    message    text        NOT NULL,
    created_at timestamptz NOT NULL
);
ALTER TABLE error_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_errors ON error_logs FOR SELECT USING (true);
CREATE INDEX error_logs_created_idx ON error_logs (created_at);

CREATE TABLE access_logs (
    id         bigserial PRIMARY KEY,
    email      text,
    ip         text        NOT NULL,
    success    boolean     NOT NULL,
    created_at timestamptz NOT NULL
);
ALTER TABLE access_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_access ON access_logs FOR SELECT USING (true);
CREATE INDEX access_logs_created_idx ON access_logs (created_at);
