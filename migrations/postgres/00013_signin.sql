-- +goose Up
-- Sign-in hardening (issue #10, items 8, 9 and 11).

-- Sessions are found by the SHA-256 of their token, never the token itself, and carry their
-- staff user so that disabling an account or changing its password ends its sessions. The
-- sessions stored until now are keyed by raw tokens: they are dropped (everyone signs in again).
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
CREATE INDEX sessions_user ON sessions (user_id);

-- An API token is read-only (GET only) or limited to a permission set, listed and revoked
-- by its owner or an administrator.
ALTER TABLE api_tokens ADD COLUMN read_only BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE api_tokens ADD COLUMN permissions TEXT NOT NULL DEFAULT '';
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The login throttle: one counter row per login and per client address, counted and checked
-- in one atomic upsert, so that parallel attempts cannot all pass a check made before any
-- of them was recorded.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    attempts     INTEGER NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle (window_start);

-- TOTP (RFC 6238) second factor of a staff account. last_step is the last time step a code
-- was accepted for, so that a code cannot be used twice.
CREATE TABLE user_totp (
    user_id      BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ,
    last_step    BIGINT NOT NULL DEFAULT 0
);

-- One-time recovery codes, stored hashed.
CREATE TABLE totp_recovery_codes (
    id        BIGSERIAL PRIMARY KEY,
    user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMPTZ
);
CREATE INDEX totp_recovery_codes_user ON totp_recovery_codes (user_id);

-- A reset of another user's second factor: requested by one administrator, carried out when
-- a second one approves.
CREATE TABLE two_factor_resets (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    requested_at TIMESTAMPTZ NOT NULL,
    approved_by  BIGINT REFERENCES users(id),
    approved_at  TIMESTAMPTZ
);
CREATE INDEX two_factor_resets_user ON two_factor_resets (user_id);

-- +goose Down
DROP TABLE two_factor_resets;
DROP TABLE totp_recovery_codes;
DROP TABLE user_totp;
DROP TABLE login_throttle;
DROP INDEX api_tokens_user;
ALTER TABLE api_tokens DROP COLUMN permissions;
ALTER TABLE api_tokens DROP COLUMN read_only;
DROP INDEX sessions_user;
ALTER TABLE sessions DROP COLUMN user_id;
