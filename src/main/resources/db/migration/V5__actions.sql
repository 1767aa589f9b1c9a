-- Remediation: each attempt of an action claims its row first, so a crash or a second node never runs the same
-- remediation twice; approval requests bound to the hash of exactly what will run; an append-only, hash-chained audit log.
CREATE TABLE action_run (
    id          bigserial   PRIMARY KEY,
    system      text        NOT NULL,
    action      text        NOT NULL,
    subject     text        NOT NULL,
    occasion    text        NOT NULL,   -- incident:ID, schedule:TIME, approval:ID or manual:ID
    attempt     int         NOT NULL,
    incident_id bigint,
    state       text        NOT NULL,   -- running, succeeded, verified, unverified, failed, refused
    rows        bigint,
    detail      text,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    UNIQUE (system, action, subject, occasion, attempt)
);
CREATE INDEX action_run_recent ON action_run (system, action, started_at);

CREATE TABLE approval (
    id           bigserial   PRIMARY KEY,
    system       text        NOT NULL,
    action       text        NOT NULL,
    subject      text        NOT NULL,
    occasion     text        NOT NULL,
    incident_id  bigint,
    bindings     text        NOT NULL,  -- JSON: the values the plan was made from
    plan         text        NOT NULL,  -- JSON: what will run, as shown to the approver (secrets masked)
    plan_hash    text        NOT NULL,  -- SHA-256 of the plan
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    state        text        NOT NULL,  -- pending, approved, rejected, expired, done, failed
    decided_by   text,
    decided_at   timestamptz,
    reason       text,
    result       text,
    UNIQUE (system, action, subject, occasion)
);
CREATE INDEX approval_pending ON approval (system, state);

CREATE TABLE audit (
    id        bigint      PRIMARY KEY,
    system    text        NOT NULL,
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,
    event     text        NOT NULL,
    action    text        NOT NULL,
    subject   text        NOT NULL,
    detail    text        NOT NULL,
    prev_hash text        NOT NULL,
    hash      text        NOT NULL
);
CREATE SEQUENCE audit_id_seq;

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP;
END $$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
