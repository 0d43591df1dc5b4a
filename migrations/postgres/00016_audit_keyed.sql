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
    at        TIMESTAMPTZ NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- A second line behind the grants (docs/security-audit.md): audit rows and checkpoints are
-- never updated, deleted or truncated, and the chain head only moves forward, whoever asks.
-- +goose StatementBegin
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.id <> OLD.id OR NEW.last_id <= OLD.last_id THEN
        RAISE EXCEPTION 'audit head only moves forward: % on audit_head refused', TG_OP;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- +goose Down
DROP TRIGGER audit_head_no_truncate ON audit_head;
DROP TRIGGER audit_head_forward ON audit_head;
DROP TRIGGER audit_checkpoints_no_truncate ON audit_checkpoints;
DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints;
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_append_only ON audit_log;
DROP FUNCTION audit_head_forward();
DROP FUNCTION audit_append_only();
DROP TABLE audit_checkpoints;
DROP INDEX audit_log_institution;
DROP INDEX audit_log_kind;
ALTER TABLE audit_log DROP COLUMN key_id;
ALTER TABLE audit_log DROP COLUMN request_id;
ALTER TABLE audit_log DROP COLUMN client_ip;
ALTER TABLE audit_log DROP COLUMN actor_kind;
