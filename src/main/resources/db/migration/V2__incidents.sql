-- Incidents: the durable record of an alert, one open per fingerprint, with its whole timeline.

CREATE TABLE incident (
    id              bigserial PRIMARY KEY,
    system          text        NOT NULL,
    fingerprint     text        NOT NULL,
    source          text        NOT NULL,            -- rule (or rule group) name, or finding code
    kind            text        NOT NULL CHECK (kind IN ('finding', 'rule')),
    check_name      text        NOT NULL,
    subject         text        NOT NULL,
    severity        text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    priority        text        NOT NULL CHECK (priority IN ('P0', 'P1', 'P2', 'P3')),
    state           text        NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    title           text        NOT NULL,
    opened_at       timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by text,
    resolved_at     timestamptz,
    resolved_by     text,
    escalated_at    timestamptz,
    flapping        boolean     NOT NULL DEFAULT false,
    muted           boolean     NOT NULL DEFAULT false,
    reopened        integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX incident_one_active_idx ON incident (system, fingerprint) WHERE state <> 'resolved';
CREATE INDEX incident_fingerprint_idx ON incident (system, fingerprint, resolved_at DESC);
CREATE INDEX incident_state_idx ON incident (system, state);

CREATE TABLE incident_event (
    id          bigserial PRIMARY KEY,
    incident_id bigint      NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    kind        text        NOT NULL,   -- opened, reopened, resolved, acknowledged, escalated, flapping, suppressed, muted, severity
    run_id      bigint,
    actor       text,
    detail      text        NOT NULL DEFAULT ''
);
CREATE INDEX incident_event_incident_idx ON incident_event (incident_id, at);
