-- Maintenance windows set at run time (the REST API's silences), beside those in the config: incidents are still
-- recorded while one is open, but their notifications stay muted.
CREATE TABLE maintenance_window (
    id         bigserial   PRIMARY KEY,
    system     text        NOT NULL,
    checks     text[]      NOT NULL DEFAULT '{}',   -- empty: every check
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL CHECK (ends_at > starts_at),
    reason     text        NOT NULL DEFAULT '',
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    ended_by   text,
    ended_at   timestamptz
);
CREATE INDEX maintenance_window_system_idx ON maintenance_window (system, ends_at);
