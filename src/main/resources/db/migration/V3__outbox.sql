-- Every notification is written here first and delivered by a worker with retries, so an outage of the
-- mail server or Slack loses nothing, and a repeat carries the same dedup key.

CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    system          text        NOT NULL,
    channel         text        NOT NULL,
    kind            text        NOT NULL,    -- incident_opened, incident_escalated, incident_resolved, incident_flapping, report
    dedup_key       text        NOT NULL,
    payload         jsonb       NOT NULL,    -- rendered subject, text, html and body: delivery needs no re-rendering
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    sent_at         timestamptz,
    last_error      text,
    UNIQUE (system, channel, dedup_key)
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state = 'pending';
