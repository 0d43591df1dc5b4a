-- +goose Up
-- A household's monthly utility and communication cost, in qəpik, and where the figure comes
-- from (TSSA refuses a family whose cost per member is above a tenth of the living wage,
-- domain.md §1.5). NULL: not known, which never refuses anyone.
ALTER TABLE households ADD COLUMN utility_cost BIGINT;
ALTER TABLE households ADD COLUMN utility_cost_source TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE households DROP COLUMN utility_cost_source;
ALTER TABLE households DROP COLUMN utility_cost;
