-- Exemptions: a person said the findings of one check, code and subject may be ignored (from the CLI, the API or the
-- dashboard), with a reason and maybe an end. While one is current, those findings count toward nothing and open no
-- incident; removing one keeps it, with who removed it and when.
CREATE TABLE exemption (
    id          bigserial   PRIMARY KEY,
    system      text        NOT NULL,
    check_name  text        NOT NULL,
    code        text        NOT NULL,
    subject     text        NOT NULL,
    reason      text        NOT NULL CHECK (reason <> ''),
    until       timestamptz,                 -- null: until removed
    incident_id bigint,                      -- the incident it was set from, if any
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    removed_by  text,
    removed_at  timestamptz
);
CREATE INDEX exemption_system_idx ON exemption (system, check_name) WHERE removed_at IS NULL;

-- The findings a run kept out of its judgement (by the config's ignore: entries or by an exemption), with why: the reports
-- list them. They go with their run.
CREATE TABLE ignored_finding (
    run_id     bigint NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    check_name text   NOT NULL,
    code       text   NOT NULL,
    severity   text   NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    subject    text   NOT NULL,
    message    text   NOT NULL,
    evidence   jsonb  NOT NULL DEFAULT '{}',
    reason     text   NOT NULL,
    until      timestamptz,
    source     text   NOT NULL
);
CREATE INDEX ignored_finding_run_idx ON ignored_finding (run_id);
