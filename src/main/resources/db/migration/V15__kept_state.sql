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

-- Rule evaluation keeps each rule's state per series (check and labels), as Prometheus keeps an alert's active-since: the
-- newest point and its value, whether it fired, when the current streak of points that hold began, the latest point that
-- fired and its streak's start, and the latest point that came after a gap longer than the look-back margin (a firing
-- series with such a gap is judged from its history, as before). Each run updates the states of the series it measured
-- in its own transaction; history is read only for a check a rule has not judged yet (rule_check has no row for it, or
-- a row of another definition of the rule), or when a state alone cannot tell (a point recorded out of order). A rule
-- left out of the config for a while misses the runs in between: when the set of rules changes, the states of the rules
-- no longer in it go, and such a rule starts again from the history when it comes back.
CREATE TABLE rule_set (
    system text PRIMARY KEY,
    rules  text NOT NULL        -- the rules (names and definitions) the states below were last kept for
);

CREATE TABLE rule_check (
    system     text NOT NULL,
    rule       text NOT NULL,
    check_name text NOT NULL,
    definition text NOT NULL,   -- when, for, keep_firing_for and the margin the states below were made with
    PRIMARY KEY (system, rule, check_name)
);

CREATE TABLE rule_state (
    system              text             NOT NULL,
    rule                text             NOT NULL,
    check_name          text             NOT NULL,
    labels              jsonb            NOT NULL,
    last_at             timestamptz      NOT NULL,
    last_value          double precision NOT NULL,
    last_fired          boolean          NOT NULL,
    streak_start        timestamptz,
    last_firing_at      timestamptz,
    firing_streak_start timestamptz,
    gap_at              timestamptz,
    PRIMARY KEY (system, rule, check_name, labels)
);
