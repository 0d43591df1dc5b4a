-- +goose Up
-- The run record of background work (internal/platform/jobs): one row per River job that
-- someone or something started — who, what (a kind and a summary without personal data), how
-- far it has gone, when it last showed a sign of life and how it ended — so that every node
-- shows the same runs. River's own tables (river_job, …) come from River's migrator.
CREATE TABLE job_runs (
    id           BIGSERIAL PRIMARY KEY,
    job_id       BIGINT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    scope        BIGINT,
    started_by   TEXT NOT NULL DEFAULT '',
    node         TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'retrying', 'done', 'failed', 'cancelled')),
    reason       TEXT NOT NULL DEFAULT '',
    attempt      INTEGER NOT NULL DEFAULT 0,
    done         BIGINT NOT NULL DEFAULT 0,
    total        BIGINT NOT NULL DEFAULT 0,
    cancel_by    TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ,
    heartbeat_at TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX job_runs_kind ON job_runs (kind, summary, id);

-- +goose Down
DROP TABLE job_runs;
