-- +goose Up
-- A dry run runs as a job (issue #11 §1): its progress, heartbeat and state live in the
-- general run record (job_runs) of the job it names; dry_runs keeps what is its own — the rule
-- version, the day, who started it, its outcome and result. A run still marked running here
-- has no job to finish it: the server that ran it stopped, so it ends as failed (the page says
-- interrupted, as it has no error).
ALTER TABLE dry_runs ADD COLUMN job_id BIGINT;
UPDATE dry_runs SET status = 'failed' WHERE status = 'running';
ALTER TABLE dry_runs DROP COLUMN updated_at;
ALTER TABLE dry_runs DROP COLUMN done;
ALTER TABLE dry_runs DROP COLUMN total;

-- +goose Down
ALTER TABLE dry_runs ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT '1970-01-01 00:00:00';
ALTER TABLE dry_runs ADD COLUMN done BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dry_runs ADD COLUMN total BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dry_runs DROP COLUMN job_id;
