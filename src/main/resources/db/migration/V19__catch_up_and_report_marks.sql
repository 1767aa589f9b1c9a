-- Nothing silent, nothing spammy.

-- The routes a system's notifications have known: a channel (by name and kind) and what it matches (priorities, checks).
-- A route not listed here is new: it is told once, in one catch-up message, of the incidents already open that it matches.
CREATE TABLE notify_route (
    system   text        NOT NULL,
    route    text        NOT NULL,
    added_at timestamptz NOT NULL,
    PRIMARY KEY (system, route)
);

-- What each report_to channel was last sent, per suite: the status of the last run report (a report goes when something
-- changed since), and when the last digest went (report_every).
CREATE TABLE report_mark (
    system      text        NOT NULL,
    channel     text        NOT NULL,
    suite       text        NOT NULL,
    status      text,
    reported_at timestamptz,
    digest_at   timestamptz,
    PRIMARY KEY (system, channel, suite)
);
