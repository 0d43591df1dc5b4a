-- +goose Up
-- The audit log becomes keyed and checkpointed (issue #10, item 13) and records who was
-- behind each row (item 14). Rows written before this migration keep key_id '' and verify
-- with the plain SHA-256 chain they were written with; every row after carries the id of
-- the HMAC key it was written with. Checkpoints sign the head; the first is written at
-- migration or start-up.
ALTER TABLE audit_log ADD COLUMN actor_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN request_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_kind ON audit_log (actor_kind, id);
CREATE INDEX audit_log_institution ON audit_log (institution_id, id);

CREATE TABLE audit_checkpoints (
    id        BIGINT PRIMARY KEY,
    last_id   BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    at        TIMESTAMP NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- Guards against the application's own mistakes: audit rows and checkpoints are never
-- updated or deleted, and the chain head only moves forward. (Anyone who can write the
-- database file can drop them; the key and the exported checkpoints are what catch that.)
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE on audit_log refused'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE on audit_log refused'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE on audit_checkpoints refused'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE on audit_checkpoints refused'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.last_id <= OLD.last_id OR NEW.id <> OLD.id
BEGIN SELECT RAISE(ABORT, 'audit head only moves forward: UPDATE on audit_head refused'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit head only moves forward: DELETE on audit_head refused'); END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_head_no_delete;
DROP TRIGGER audit_head_forward;
DROP TRIGGER audit_checkpoints_no_delete;
DROP TRIGGER audit_checkpoints_no_update;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_checkpoints;
DROP INDEX audit_log_institution;
DROP INDEX audit_log_kind;
ALTER TABLE audit_log DROP COLUMN key_id;
ALTER TABLE audit_log DROP COLUMN request_id;
ALTER TABLE audit_log DROP COLUMN client_ip;
ALTER TABLE audit_log DROP COLUMN actor_kind;
