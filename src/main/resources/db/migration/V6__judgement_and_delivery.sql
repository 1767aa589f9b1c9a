-- The latest result of every check, whichever suite ran it: what the system's health score is computed from, so the
-- health-score rule is judged by every run and resolves as soon as the checks recover.
ALTER TABLE run ADD COLUMN system_health integer CHECK (system_health BETWEEN 0 AND 100);

CREATE TABLE check_state (
    system      text        NOT NULL,
    check_name  text        NOT NULL,
    check_type  text        NOT NULL,
    run_id      bigint      NOT NULL,   -- no foreign key: pruning old runs keeps the latest state
    status      text        NOT NULL CHECK (status IN ('ok', 'warning', 'critical', 'unknown')),
    finished_at timestamptz NOT NULL,
    PRIMARY KEY (system, check_name)
);

-- Delivery in order per incident and channel, and claims so two processes never send the same message: a process
-- claims due rows until claimed_until; a claim left by a dead process lapses and is taken over.
ALTER TABLE outbox ADD COLUMN ordering_key text;
ALTER TABLE outbox ADD COLUMN claimed_by text;
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
CREATE INDEX outbox_order_idx ON outbox (system, channel, ordering_key, id) WHERE state = 'pending';

-- An action attempt left 'running' by a process that died becomes 'interrupted'; it is reported and never retried blindly.
CREATE INDEX action_run_running_idx ON action_run (system) WHERE state = 'running';
