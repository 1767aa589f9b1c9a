-- Two factors for local users (TOTP, RFC 6238, with recovery codes), users who sign in through an OpenID Connect
-- provider, and API tokens whose scope narrows their user's role.

-- TOTP: the shared secret (base32) from enrolment on; totp_enabled_at is set once the user has entered a valid code, so a
-- half-finished enrolment asks for nothing at login. totp_last_step: the 30-second step of the last code accepted, so a
-- code is good once (RFC 6238 section 5.2).
ALTER TABLE app_user ADD COLUMN totp_secret     text;
ALTER TABLE app_user ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE app_user ADD COLUMN totp_last_step  bigint;
-- A user made by an OIDC login: the provider (its issuer) and its subject, which stay the same when the user's name or
-- e-mail changes there. Null for local users.
ALTER TABLE app_user ADD COLUMN oidc_issuer     text;
ALTER TABLE app_user ADD COLUMN oidc_subject    text;
CREATE UNIQUE INDEX app_user_oidc_idx ON app_user (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- Recovery codes: shown once at enrolment, kept as SHA-256 (each code carries 80 random bits), each good once.
CREATE TABLE recovery_code (
    id        bigserial   PRIMARY KEY,
    user_name text        NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    hash      text        NOT NULL,
    used_at   timestamptz
);
CREATE INDEX recovery_code_user_idx ON recovery_code (user_name);

-- How a dashboard session was opened: 'password' (one factor), 'totp' (password and a code or a recovery code), 'oidc'.
ALTER TABLE web_session ADD COLUMN via text NOT NULL DEFAULT 'password';

-- A token's scope: read (viewer), operate (operator), approve (approver) or admin; null for tokens made before scopes,
-- which act with their user's role. A token never acts above its user's role of the moment.
ALTER TABLE api_token ADD COLUMN scope text CHECK (scope IN ('read', 'operate', 'approve', 'admin'));
