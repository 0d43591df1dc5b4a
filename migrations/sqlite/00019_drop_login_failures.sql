-- +goose Up
-- The check-then-record throttle's failure rows: the atomic counters of login_throttle
-- (00013) replaced them, and nothing writes or reads them any more.
DROP TABLE login_failures;

-- +goose Down
CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);
