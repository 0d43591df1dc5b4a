-- +goose Up
-- The single window: service catalogue, holiday calendar, electronic queue, applications with
-- documents and deadlines, ratings, e-certificates, the notification outbox and appeals.

-- A service passport. Documents and refusal grounds are codes translated in locales/ so a
-- passport reads the same in az, en and ru; channels is a comma list.
CREATE TABLE services (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    direction       TEXT NOT NULL,
    name_az         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    name_ru         TEXT NOT NULL,
    institution_id  BIGINT NOT NULL REFERENCES institutions(id),
    legal_basis     TEXT NOT NULL,
    channels        TEXT NOT NULL,
    documents       TEXT NOT NULL DEFAULT '',
    refusal_grounds TEXT NOT NULL DEFAULT '',
    front_minutes   INTEGER NOT NULL CHECK (front_minutes >= 0),
    back_minutes    INTEGER NOT NULL CHECK (back_minutes >= 0),
    deadline_days   INTEGER NOT NULL CHECK (deadline_days >= 0),
    fee             BIGINT NOT NULL DEFAULT 0 CHECK (fee >= 0),
    program_code    TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    version         BIGINT NOT NULL DEFAULT 1,
    updated_by      TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

-- Public holidays, their transfers and weekend days made working; seeded from the calendar
-- that ships with dost and edited by an administrator each year.
CREATE TABLE calendar_days (
    day     TEXT PRIMARY KEY,
    off     BOOLEAN NOT NULL,
    name_az TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_ru TEXT NOT NULL
);

-- A queue ticket at a DOST centre: taken at the kiosk (status waiting) or booked for a slot
-- online (booked until the citizen checks in).
CREATE TABLE queue_tickets (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    service_point_id BIGINT NOT NULL REFERENCES service_points(id),
    service_id       BIGINT NOT NULL REFERENCES services(id),
    day              TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    number           TEXT NOT NULL,
    slot             TIMESTAMP,
    person_id        BIGINT REFERENCES persons(id),
    status           TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    desk             TEXT NOT NULL DEFAULT '',
    operator_id      BIGINT REFERENCES users(id),
    issued_at        TIMESTAMP NOT NULL,
    called_at        TIMESTAMP,
    served_at        TIMESTAMP,
    closed_at        TIMESTAMP,
    wait_seconds     INTEGER,
    service_seconds  INTEGER,
    UNIQUE (service_point_id, day, seq)
);
CREATE INDEX queue_tickets_queue ON queue_tickets (service_point_id, day, status, id);
CREATE INDEX queue_tickets_closed ON queue_tickets (closed_at);

-- The last ticket number given out per centre and day: an upsert that returns the next
-- number serialises issuing on one row instead of retrying on a unique-key clash.
CREATE TABLE queue_counters (
    service_point_id BIGINT NOT NULL REFERENCES service_points(id),
    day              TEXT NOT NULL,
    last_seq         INTEGER NOT NULL,
    PRIMARY KEY (service_point_id, day)
);

CREATE TABLE applications (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    number           TEXT NOT NULL UNIQUE,
    service_id       BIGINT NOT NULL REFERENCES services(id),
    person_id        BIGINT NOT NULL REFERENCES persons(id),
    institution_id   BIGINT NOT NULL REFERENCES institutions(id),
    channel          TEXT NOT NULL CHECK (channel IN ('centre', 'portal', 'call', 'mobile')),
    service_point_id BIGINT REFERENCES service_points(id),
    ticket_id        BIGINT REFERENCES queue_tickets(id),
    status           TEXT NOT NULL CHECK (status IN ('submitted', 'registered', 'in_review', 'granted', 'refused', 'delivered', 'withdrawn')),
    outcome          TEXT NOT NULL DEFAULT '',
    filed_on         TEXT NOT NULL,
    due_on           TEXT NOT NULL,
    decided_on       TEXT,
    refusal_ground   TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    decision_uuid    TEXT NOT NULL DEFAULT '',
    filed_by         TEXT NOT NULL,
    operator_id      BIGINT REFERENCES users(id),
    assigned_to      TEXT NOT NULL DEFAULT '',
    escalated_at     TIMESTAMP,
    lang             TEXT NOT NULL DEFAULT 'az',
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX applications_queue ON applications (institution_id, status, due_on, id);
CREATE INDEX applications_person ON applications (person_id, id);
CREATE INDEX applications_open_due ON applications (due_on) WHERE status IN ('submitted', 'registered', 'in_review');

CREATE TABLE application_documents (
    id             INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    doc_type       TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    content        BLOB NOT NULL,
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX application_documents_app ON application_documents (application_id);

-- Every state an application passed through, by whom, with the note shown to the citizen.
CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    status         TEXT NOT NULL,
    actor          TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    at             TIMESTAMP NOT NULL
);
CREATE INDEX application_events_app ON application_events (application_id, id);

-- A satisfaction rating of a delivered application or a served ticket; token is the SMS link.
CREATE TABLE ratings (
    id               INTEGER PRIMARY KEY,
    token            TEXT NOT NULL UNIQUE,
    application_id   BIGINT UNIQUE REFERENCES applications(id),
    ticket_id        BIGINT UNIQUE REFERENCES queue_tickets(id),
    service_id       BIGINT NOT NULL REFERENCES services(id),
    service_point_id BIGINT REFERENCES service_points(id),
    operator_id      BIGINT REFERENCES users(id),
    person_id        BIGINT REFERENCES persons(id),
    score            INTEGER CHECK (score BETWEEN 1 AND 5),
    comment          TEXT NOT NULL DEFAULT '',
    channel          TEXT NOT NULL DEFAULT '',
    requested_at     TIMESTAMP NOT NULL,
    rated_at         TIMESTAMP
);
CREATE INDEX ratings_rated ON ratings (rated_at);

-- An issued e-certificate: the PDF exactly as issued and its hash, so that anyone can check a
-- copy against the original with the code printed on it.
CREATE TABLE certificates (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    person_id  BIGINT NOT NULL REFERENCES persons(id),
    kind       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    pdf        BLOB NOT NULL,
    issued_at  TIMESTAMP NOT NULL,
    valid_until TEXT NOT NULL
);
CREATE INDEX certificates_person ON certificates (person_id, id);

-- The notification outbox: written in the transaction of the change it reports; a
-- dispatcher claims, sends and marks each message. dedup_key makes a repeated write harmless.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    dedup_key   TEXT NOT NULL UNIQUE,
    person_id   BIGINT REFERENCES persons(id),
    channel     TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    address     TEXT NOT NULL,
    lang        TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     TIMESTAMP NOT NULL,
    claimed_at  TIMESTAMP,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX notifications_due ON notifications (status, next_at, id);
CREATE INDEX notifications_person ON notifications (person_id, id);

CREATE TABLE appeals (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    number          TEXT NOT NULL UNIQUE,
    channel         TEXT NOT NULL CHECK (channel IN ('portal', 'centre', 'call', 'letter')),
    anonymous       BOOLEAN NOT NULL,
    person_id       BIGINT REFERENCES persons(id),
    applicant       TEXT NOT NULL DEFAULT '',
    contact         TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    institution_id  BIGINT NOT NULL REFERENCES institutions(id),
    status          TEXT NOT NULL CHECK (status IN ('registered', 'in_progress', 'answered', 'refused')),
    received_on     TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    extended        BOOLEAN NOT NULL DEFAULT FALSE,
    extend_reason   TEXT NOT NULL DEFAULT '',
    forwarded_from  BIGINT REFERENCES institutions(id),
    forwarded_on    TEXT,
    forwarded_late  BOOLEAN NOT NULL DEFAULT FALSE,
    answer          TEXT NOT NULL DEFAULT '',
    answered_on     TEXT,
    answered_by     TEXT NOT NULL DEFAULT '',
    registered_by   TEXT NOT NULL,
    lang            TEXT NOT NULL DEFAULT 'az',
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX appeals_institution ON appeals (institution_id, status, due_on, id);
CREATE INDEX appeals_person ON appeals (person_id, id);
CREATE INDEX appeals_received ON appeals (received_on);

CREATE TABLE appeal_events (
    id        INTEGER PRIMARY KEY,
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    action    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    at        TIMESTAMP NOT NULL
);
CREATE INDEX appeal_events_appeal ON appeal_events (appeal_id, id);

-- +goose Down
DROP TABLE appeal_events;
DROP TABLE appeals;
DROP TABLE notifications;
DROP TABLE certificates;
DROP TABLE ratings;
DROP TABLE application_events;
DROP TABLE application_documents;
DROP TABLE applications;
DROP TABLE queue_counters;
DROP TABLE queue_tickets;
DROP TABLE calendar_days;
DROP TABLE services;
