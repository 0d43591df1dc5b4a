-- +goose Up
-- A citizen holds at most one visit a day that is still to be served, enforced by the
-- database so that parallel bookings cannot both pass the check in Go. Duplicates made
-- before this index (by such races) keep the first booking; the others are cancelled.
UPDATE queue_tickets SET status = 'cancelled'
WHERE person_id IS NOT NULL AND status IN ('booked', 'waiting', 'called', 'serving')
  AND id > (SELECT MIN(q.id) FROM queue_tickets q WHERE q.person_id = queue_tickets.person_id AND q.day = queue_tickets.day
            AND q.status IN ('booked', 'waiting', 'called', 'serving'));
CREATE UNIQUE INDEX queue_tickets_one_a_day ON queue_tickets (person_id, day)
WHERE person_id IS NOT NULL AND status IN ('booked', 'waiting', 'called', 'serving');

-- +goose Down
DROP INDEX queue_tickets_one_a_day;
