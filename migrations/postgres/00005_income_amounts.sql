-- +goose Up
-- Means tests sum each member's incomes over twelve months. With the amount in the index the
-- sum is read from the index alone, without a seek into the table for every monthly row: the
-- dry run of TSSA over 1,000,000 persons went from 12.8 s to 9.3 s on SQLite (PERFORMANCE.md).
CREATE INDEX person_incomes_amounts ON person_incomes (person_id, month, amount);

-- +goose Down
DROP INDEX person_incomes_amounts;
