-- +goose Up
-- Maker–checker: an officer's override that raises an amount or exceeds the ceiling, and a
-- change of IBAN of a person with an active entitlement, wait here until a second person
-- approves (or rejects) them; until then the decision and the account stay as they were.
CREATE TABLE override_requests (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    decision_id   BIGINT NOT NULL REFERENCES decisions(id),
    program_id    BIGINT NOT NULL REFERENCES programs(id),
    outcome       TEXT NOT NULL CHECK (outcome IN ('granted', 'refused')),
    amount        BIGINT NOT NULL,
    old_amount    BIGINT NOT NULL,
    reason        TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_at  TIMESTAMP NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX override_requests_status ON override_requests (status, id);
CREATE UNIQUE INDEX override_requests_one_pending ON override_requests (decision_id) WHERE status = 'pending';

CREATE TABLE iban_changes (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    person_id     BIGINT NOT NULL REFERENCES persons(id),
    old_iban      TEXT NOT NULL,
    new_iban      TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_at  TIMESTAMP NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX iban_changes_status ON iban_changes (status, id);
CREATE UNIQUE INDEX iban_changes_one_pending ON iban_changes (person_id) WHERE status = 'pending';

-- +goose Down
DROP TABLE iban_changes;
DROP TABLE override_requests;
