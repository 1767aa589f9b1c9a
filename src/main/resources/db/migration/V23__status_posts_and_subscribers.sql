-- The status page that talks. Operators post incidents and planned maintenance for the public; each post has its
-- timeline of updates (investigating, identified, monitoring, resolved; or scheduled, in progress, completed). People
-- subscribe by email (confirmed by a link: double opt-in) or are added as webhooks by an admin; what has been announced
-- to them is remembered in status_notice, so an update, a maintenance start or end is told once, whatever node or
-- restart comes next.
CREATE TABLE status_post (
    id          bigserial   PRIMARY KEY,
    system      text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('incident', 'maintenance')),
    title       text        NOT NULL,
    components  text[]      NOT NULL DEFAULT '{}',
    status      text        NOT NULL,
    starts_at   timestamptz,
    ends_at     timestamptz,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    closed_at   timestamptz,
    CHECK (kind = 'incident' OR (starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at))
);
CREATE INDEX status_post_recent ON status_post (system, created_at DESC);

CREATE TABLE status_update (
    id          bigserial   PRIMARY KEY,
    post_id     bigint      NOT NULL REFERENCES status_post (id) ON DELETE CASCADE,
    status      text        NOT NULL,
    body        text        NOT NULL,
    at          timestamptz NOT NULL,
    created_by  text        NOT NULL,
    notify      boolean     NOT NULL DEFAULT true
);
CREATE INDEX status_update_post ON status_update (post_id, at);

CREATE TABLE status_subscriber (
    id            bigserial   PRIMARY KEY,
    system        text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('email', 'webhook')),
    address       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    confirmed_at  timestamptz,
    created_by    text        NOT NULL,
    UNIQUE (system, kind, address)
);

CREATE TABLE status_notice (
    system  text        NOT NULL,
    key     text        NOT NULL,
    at      timestamptz NOT NULL,
    PRIMARY KEY (system, key)
);
