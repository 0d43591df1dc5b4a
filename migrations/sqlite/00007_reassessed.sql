-- +goose Up
-- A reassessed programme's monthly amount is worked out again for every month paid, by the
-- rule version of the decision, from the facts frozen with it and the parameters in force
-- that month (a decree raising the disability amounts from 1 January reaches every award).
ALTER TABLE programs ADD COLUMN reassessed BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE programs DROP COLUMN reassessed;
