-- Checklists (checklists: in the config): one instance per checklist and occurrence of its schedule, with its items as
-- they were when it opened; who ticked each item, when, with what note, or whether Caretaker ticked it from a check.
-- 'reported' marks an instance that is overdue in the last run Caretaker recorded for the checklists, so the incident of
-- an overdue instance opens once and resolves when the instance is complete.
CREATE TABLE checklist_run (
    id           bigserial   PRIMARY KEY,
    system       text        NOT NULL,
    checklist    text        NOT NULL,
    occurrence   timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    completed_at timestamptz,
    reported     boolean     NOT NULL DEFAULT false,
    UNIQUE (system, checklist, occurrence)
);
CREATE INDEX checklist_run_recent_idx ON checklist_run (system, occurrence DESC);

CREATE TABLE checklist_item (
    run_id     bigint  NOT NULL REFERENCES checklist_run (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    title      text    NOT NULL,
    check_name text,
    runbook    text,
    ticked_by  text,
    ticked_at  timestamptz,
    note       text,
    auto       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (run_id, position)
);
