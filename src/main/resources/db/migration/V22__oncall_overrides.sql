-- On-call overrides: a person taking a schedule's turn for a while ("I'll take Friday"), whoever the rotation says. The
-- rotations themselves are in the config; only what people change at run time is kept here. The newest of two
-- overlapping overrides wins.
CREATE TABLE oncall_override (
    id         bigserial   PRIMARY KEY,
    system     text        NOT NULL,
    schedule   text        NOT NULL,
    who        text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX oncall_override_schedule ON oncall_override (system, schedule, ends_at);
