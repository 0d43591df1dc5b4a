-- +goose Up
-- Dry runs are kept: which rule version an analyst tried before activating it, on which day,
-- by whom and with what result; and, while one runs, how far it has gone, so that every node
-- can show its progress and a run cut short by a restart shows as such.
CREATE TABLE dry_runs (
    id          BIGSERIAL PRIMARY KEY,
    program_id  BIGINT NOT NULL REFERENCES programs(id),
    version     INTEGER NOT NULL,
    day         DATE NOT NULL,
    lang        TEXT NOT NULL,
    started_by  TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    done        BIGINT NOT NULL DEFAULT 0,
    total       BIGINT NOT NULL DEFAULT 0,
    status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    error       TEXT NOT NULL DEFAULT '',
    result      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dry_runs_program ON dry_runs (program_id, id);

-- +goose Down
DROP TABLE dry_runs;
