-- Caretaker's own state: every run of a suite, what each check returned, and what it measured and found.

CREATE TABLE run (
    id           bigserial PRIMARY KEY,
    system       text        NOT NULL,
    suite        text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    status       text        NOT NULL CHECK (status IN ('ok', 'warning', 'critical', 'unknown')),
    health_score integer     NOT NULL CHECK (health_score BETWEEN 0 AND 100)
);
CREATE INDEX run_system_started_idx ON run (system, started_at DESC);

CREATE TABLE check_result (
    run_id      bigint  NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    check_name  text    NOT NULL,
    check_type  text    NOT NULL,
    status      text    NOT NULL CHECK (status IN ('ok', 'warning', 'critical', 'unknown')),
    duration_ms bigint  NOT NULL,
    error       text,
    PRIMARY KEY (run_id, check_name)
);

CREATE TABLE measurement (
    run_id     bigint           NOT NULL,
    check_name text             NOT NULL,
    metric     text             NOT NULL,
    labels     jsonb            NOT NULL DEFAULT '{}',
    value      double precision NOT NULL,
    at         timestamptz      NOT NULL,
    FOREIGN KEY (run_id, check_name) REFERENCES check_result (run_id, check_name) ON DELETE CASCADE
);
CREATE INDEX measurement_metric_at_idx ON measurement (metric, at);
CREATE INDEX measurement_run_idx ON measurement (run_id);

CREATE TABLE finding (
    run_id     bigint NOT NULL,
    check_name text   NOT NULL,
    code       text   NOT NULL,
    severity   text   NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    subject    text   NOT NULL,
    message    text   NOT NULL,
    evidence   jsonb  NOT NULL DEFAULT '{}',
    FOREIGN KEY (run_id, check_name) REFERENCES check_result (run_id, check_name) ON DELETE CASCADE
);
CREATE INDEX finding_code_subject_idx ON finding (code, subject);
CREATE INDEX finding_run_idx ON finding (run_id);
