-- Users of the dashboard and the REST API, their API tokens, and failed logins (for lockout). One set per store: the
-- people who look after the systems that share it.

CREATE TABLE app_user (
    name          text        PRIMARY KEY,
    role          text        NOT NULL CHECK (role IN ('viewer', 'operator', 'approver', 'admin')),
    -- an Argon2id hash in PHC form ($argon2id$v=19$m=…,t=…,p=…$salt$hash); null: tokens only, no password login
    password_hash text,
    created_at    timestamptz NOT NULL,
    created_by    text        NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- A token is shown once; the store keeps its SHA-256 (a token is 32 random bytes, so no slow hash is needed) and the
-- first characters, so a list can tell tokens apart.
CREATE TABLE api_token (
    id           bigserial   PRIMARY KEY,
    user_name    text        NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    label        text        NOT NULL DEFAULT '',
    prefix       text        NOT NULL,
    hash         text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_name);

-- Failed logins per user name and address, kept for the lockout window.
CREATE TABLE login_failure (
    user_name text        NOT NULL,
    address   text        NOT NULL,
    at        timestamptz NOT NULL
);
CREATE INDEX login_failure_idx ON login_failure (user_name, address, at);

-- Dashboard sessions: the store keeps the SHA-256 of the cookie, so a copy of the store logs no one in. Kept in the store,
-- not in a node's memory, so any node of a cluster serves any session.
CREATE TABLE web_session (
    id_hash    text        PRIMARY KEY,
    user_name  text        NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    csrf       text        NOT NULL,
    address    text        NOT NULL,
    created_at timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX web_session_expires_idx ON web_session (expires_at);
