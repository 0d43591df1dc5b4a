-- +goose Up
-- The staff account lifecycle (issue 10): passwords set by their owners through a one-time
-- activation code sent to the owner's phone or e-mail, role grants that take effect only when
-- a second administrator approves them, and accounts unused for 90 days disabled.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
-- the institution the account belongs to: its administrators list and manage it even
-- before any grant of it is approved
ALTER TABLE users ADD COLUMN institution_id BIGINT REFERENCES institutions(id);
ALTER TABLE users ADD COLUMN last_login_at TIMESTAMP;
-- when the account was created or last enabled: the idle sweep counts from the later of
-- this and the last sign-in (NULL for accounts seeded for the demo and tests)
ALTER TABLE users ADD COLUMN enabled_at TIMESTAMP;
UPDATE users SET enabled_at = CURRENT_TIMESTAMP,
    institution_id = (SELECT MIN(r.institution_id) FROM user_roles r WHERE r.user_id = users.id);

CREATE TABLE user_activations (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX user_activations_user ON user_activations (user_id);

CREATE TABLE grant_requests (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    requested_by   BIGINT REFERENCES users(id),
    requested_at   TIMESTAMP NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by     BIGINT REFERENCES users(id),
    decided_at     TIMESTAMP,
    reason         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grant_requests_status ON grant_requests (status, id);
CREATE INDEX grant_requests_user ON grant_requests (user_id);

-- +goose Down
DROP TABLE grant_requests;
DROP TABLE user_activations;
ALTER TABLE users DROP COLUMN enabled_at;
ALTER TABLE users DROP COLUMN last_login_at;
ALTER TABLE users DROP COLUMN institution_id;
ALTER TABLE users DROP COLUMN email;
ALTER TABLE users DROP COLUMN phone;
