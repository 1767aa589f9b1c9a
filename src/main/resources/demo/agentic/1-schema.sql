-- Manual 003's agentic ecosystem: user consents, trust scores, error logs, performance alerts, the GDPR audit log, query
-- performance logs, performance baselines and resource usage, on a Supabase-like database (row-level security on public).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;

CREATE TABLE user_consents (
    id           bigserial PRIMARY KEY,
    user_id      uuid        NOT NULL,
    purpose      text        NOT NULL,
    granted      boolean     NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz
);
ALTER TABLE user_consents ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_consents ON user_consents FOR SELECT USING (true);
CREATE INDEX user_consents_user_idx ON user_consents (user_id);

CREATE TABLE trust_scores (
    agent_id   uuid PRIMARY KEY,
    score      numeric(5, 2) NOT NULL,
    updated_at timestamptz   NOT NULL DEFAULT now()
);
ALTER TABLE trust_scores ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_scores ON trust_scores FOR SELECT USING (true);

CREATE TABLE error_logs (
    id         bigserial PRIMARY KEY,
    component  text        NOT NULL,
    severity   text        NOT NULL,
    message    text        NOT NULL,
    created_at timestamptz NOT NULL
);
ALTER TABLE error_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_errors ON error_logs FOR SELECT USING (true);
CREATE INDEX error_logs_created_idx ON error_logs (created_at);
CREATE TABLE error_logs_archive (LIKE error_logs INCLUDING ALL);
ALTER TABLE error_logs_archive ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_archive ON error_logs_archive FOR SELECT USING (true);

CREATE TABLE api_requests (
    id           bigserial PRIMARY KEY,
    function     text        NOT NULL,
    status       integer     NOT NULL,
    requested_at timestamptz NOT NULL
);
ALTER TABLE api_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_requests ON api_requests FOR SELECT USING (true);
CREATE INDEX api_requests_at_idx ON api_requests (requested_at);

CREATE TABLE performance_alerts (
    id         bigserial PRIMARY KEY,
    metric     text        NOT NULL,
    value      double precision NOT NULL,
    created_at timestamptz NOT NULL
);
ALTER TABLE performance_alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_alerts ON performance_alerts FOR SELECT USING (true);

CREATE TABLE gdpr_audit_log (
    id         bigserial PRIMARY KEY,
    user_id    uuid        NOT NULL,
    event      text        NOT NULL,
    created_at timestamptz NOT NULL
);
ALTER TABLE gdpr_audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_gdpr ON gdpr_audit_log FOR SELECT USING (true);

CREATE TABLE query_performance_logs (
    id          bigserial PRIMARY KEY,
    query_name  text             NOT NULL,
    duration_ms double precision NOT NULL,
    logged_at   timestamptz      NOT NULL
);
ALTER TABLE query_performance_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_qpl ON query_performance_logs FOR SELECT USING (true);

CREATE TABLE performance_baselines (
    metric     text PRIMARY KEY,
    average    double precision NOT NULL,
    p95        double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);
ALTER TABLE performance_baselines ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_baselines ON performance_baselines FOR SELECT USING (true);

CREATE TABLE resource_usage (
    id                    bigserial PRIMARY KEY,
    storage_usage_percent double precision NOT NULL,
    bandwidth_usage_percent double precision NOT NULL,
    measured_at           timestamptz      NOT NULL
);
ALTER TABLE resource_usage ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_usage ON resource_usage FOR SELECT USING (true);

CREATE TABLE auth_attempts (
    id         bigserial PRIMARY KEY,
    email      text,
    ip_address text        NOT NULL,
    succeeded  boolean     NOT NULL,
    created_at timestamptz NOT NULL
);
ALTER TABLE auth_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_auth ON auth_attempts FOR SELECT USING (true);
