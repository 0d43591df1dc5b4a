-- Removes what earlier load runs left in a benchmark database (never run it on real data):
-- tickets, applications, notifications, ratings and sessions. The audit log stays.
DELETE FROM ratings;
DELETE FROM certificates;
DELETE FROM application_events;
DELETE FROM application_documents;
DELETE FROM applications;
DELETE FROM queue_tickets;
DELETE FROM queue_counters;
DELETE FROM notifications;
DELETE FROM appeal_events;
DELETE FROM appeals;
DELETE FROM sessions;
