-- Periodic reports (reports: in the config), kept as their JSON document and listed on the dashboard. One row per report
-- and period: making it again for the same period (a re-run after a node died, caretaker report by hand) replaces it.
CREATE TABLE report (
    id          bigserial   PRIMARY KEY,
    system      text        NOT NULL,
    name        text        NOT NULL,
    type        text        NOT NULL,
    period_from timestamptz NOT NULL,
    period_to   timestamptz NOT NULL,
    made_at     timestamptz NOT NULL,
    verdict     text        NOT NULL DEFAULT '',
    document    jsonb       NOT NULL,
    UNIQUE (system, name, period_from, period_to)
);
CREATE INDEX report_system_made_idx ON report (system, made_at DESC);
