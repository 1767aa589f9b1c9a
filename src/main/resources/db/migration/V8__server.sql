-- caretaker run: clustered schedules, nodes, heartbeat monitors, grouped messages.

-- db-scheduler's table (its PostgreSQL schema): one row per scheduled task instance; a node picks a due row, heartbeats
-- it while it runs, and another node revives it when those heartbeats stop.
CREATE TABLE scheduled_tasks (
    task_name            text        NOT NULL,
    task_instance        text        NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean     NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint      NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- The server processes of a store, and when each last said it was alive.
CREATE TABLE node (
    name         text        PRIMARY KEY,
    system       text        NOT NULL,
    address      text,
    version      text,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    stopped_at   timestamptz
);

-- The tick a scheduled run belongs to: a tick re-run after its node died is the same tick, and sends its report once.
ALTER TABLE run ADD COLUMN tick timestamptz;
CREATE INDEX run_tick_idx ON run (system, suite, tick) WHERE tick IS NOT NULL;

-- Push monitors: each heartbeat check's ping token, and the pings it received.
CREATE TABLE heartbeat (
    system     text        NOT NULL,
    check_name text        NOT NULL,
    token      text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (system, check_name)
);
CREATE TABLE ping (
    id         bigserial   PRIMARY KEY,
    system     text        NOT NULL,
    check_name text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('start', 'success', 'fail')),
    exit_code  int,
    at         timestamptz NOT NULL,
    body       text,
    remote     text
);
CREATE INDEX ping_check_idx ON ping (system, check_name, at DESC);

-- A grouped message (several incidents of one run in one email or chat message) keeps the order of each of its incidents.
ALTER TABLE outbox ADD COLUMN ordering_keys text[];
UPDATE outbox SET ordering_keys = ARRAY[ordering_key] WHERE ordering_key IS NOT NULL;
CREATE INDEX outbox_ordering_keys_idx ON outbox USING gin (ordering_keys) WHERE state = 'pending';
