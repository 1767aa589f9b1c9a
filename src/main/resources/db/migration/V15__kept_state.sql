-- Reads that scale with a run, not with the history: what each run needs to know is kept as it goes.

-- The latest status of the configured checks, counted by status, kept in step as each run stores its checks' states: the
-- system's health score without reading every check's state. 'configured' names the set of checks the counts are over;
-- a run made with another set of checks counts them again once.
CREATE TABLE check_state_count (
    system     text    PRIMARY KEY,
    configured text    NOT NULL,
    ok         integer NOT NULL,
    warning    integer NOT NULL,
    unknown    integer NOT NULL,
    critical   integer NOT NULL
);

-- the history of one check's series (an anomaly's raw points, a rule judging a check for the first time)
CREATE INDEX measurement_check_metric_at_idx ON measurement (check_name, metric, at);
-- the system's health over time, and pruning runs by age
CREATE INDEX run_system_finished_idx ON run (system, finished_at);
-- what each run prunes: delivered messages past retention, and 5-minute rollups past theirs (without the second, the
-- 5-minute condition walks every hourly and daily rollup older than 35 days on every run)
CREATE INDEX outbox_sent_idx ON outbox (system, sent_at) WHERE state = 'sent';
CREATE INDEX measurement_rollup_five_minutes_idx ON measurement_rollup (bucket) WHERE resolution = '5m';
