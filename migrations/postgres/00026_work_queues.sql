-- +goose Up
-- Work queues (#12 items 7 and 8): who an application or an appeal is assigned to, by whom
-- and when (shown on the record); an officer's absence with the substitute who sees their
-- work meanwhile; and the indexes that keep the lists' counts and keyset pages fast at
-- national scale (each filter of the lists leads an index ending in the list's order).
ALTER TABLE applications ADD COLUMN assigned_by TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN assigned_at TIMESTAMPTZ;
ALTER TABLE appeals ADD COLUMN assigned_to TEXT NOT NULL DEFAULT '';
ALTER TABLE appeals ADD COLUMN assigned_by TEXT NOT NULL DEFAULT '';
ALTER TABLE appeals ADD COLUMN assigned_at TIMESTAMPTZ;

-- "my work" and the assignee filter
CREATE INDEX applications_assignee ON applications (assigned_to, status, due_on, id);
CREATE INDEX appeals_assignee ON appeals (assigned_to, status, due_on, id);
-- the service and centre filters
CREATE INDEX applications_service ON applications (service_id, status, due_on, id);
CREATE INDEX applications_centre ON applications (service_point_id, status, due_on, id);
-- the newest-filed order and the date range of filing
CREATE INDEX applications_filed ON applications (institution_id, filed_on, id);

-- An officer absent from from_on to to_on (Baku dates, inclusive): meanwhile the substitute
-- sees the officer's assigned work in "my work". Recorded by a manager of the institution.
CREATE TABLE absences (
    id             BIGSERIAL PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    officer        TEXT NOT NULL,
    substitute     TEXT NOT NULL,
    from_on        TEXT NOT NULL,
    to_on          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    CHECK (from_on <= to_on),
    CHECK (officer <> substitute)
);
CREATE INDEX absences_substitute ON absences (substitute, to_on);
CREATE INDEX absences_institution ON absences (institution_id, to_on, id);

-- +goose Down
DROP TABLE absences;
DROP INDEX applications_filed;
DROP INDEX applications_centre;
DROP INDEX applications_service;
DROP INDEX appeals_assignee;
DROP INDEX applications_assignee;
ALTER TABLE appeals DROP COLUMN assigned_at;
ALTER TABLE appeals DROP COLUMN assigned_by;
ALTER TABLE appeals DROP COLUMN assigned_to;
ALTER TABLE applications DROP COLUMN assigned_at;
ALTER TABLE applications DROP COLUMN assigned_by;
