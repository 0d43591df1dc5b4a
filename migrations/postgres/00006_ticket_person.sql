-- +goose Up
-- A citizen books one visit a day; the check reads the citizen's tickets of that day.
CREATE INDEX queue_tickets_person ON queue_tickets (person_id, day) WHERE person_id IS NOT NULL;

-- +goose Down
DROP INDEX queue_tickets_person;
