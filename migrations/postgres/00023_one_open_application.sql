-- +goose Up
-- A person has one open application per service unless its passport allows several
-- (references for different purposes); a required document may be presented on paper at a
-- centre, which the operator records as a document without a file.
ALTER TABLE services ADD COLUMN many_open BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE application_documents ADD COLUMN on_paper BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE application_documents DROP COLUMN on_paper;
ALTER TABLE services DROP COLUMN many_open;
