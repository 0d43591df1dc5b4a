-- +goose Up
-- Whether this database is a demo or a production installation. The first `dost serve` or
-- `dost migrate` on an empty database writes the one row, in the mode it was started in; after
-- that a demo start on a production database, or a production start on a demo one, is refused,
-- so that demo sign-in, demo accounts and the demo payer can never reach real personal data.
CREATE TABLE installation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    mode       TEXT NOT NULL CHECK (mode IN ('demo', 'production')),
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE installation;
