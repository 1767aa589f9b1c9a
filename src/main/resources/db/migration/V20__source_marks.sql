-- What an API source has told of already, per check: the Sentry issues a sentry errors check reported as new (each is new
-- once), and when it last looked (item ''), so the next look starts there. Rows older than the next look's start are gone.
CREATE TABLE source_mark (
    system     text        NOT NULL,
    check_name text        NOT NULL,
    item       text        NOT NULL,
    marked_at  timestamptz NOT NULL,
    PRIMARY KEY (system, check_name, item)
);
