-- +goose Up
CREATE TABLE places (
    id        BIGINT PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES places(id),
    kind      TEXT NOT NULL CHECK (kind IN ('region', 'district', 'settlement')),
    name_az   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    name_ru   TEXT NOT NULL
);
CREATE INDEX places_parent ON places (parent_id);

CREATE TABLE institutions (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES institutions(id),
    name_az   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    name_ru   TEXT NOT NULL
);

CREATE TABLE service_points (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    place_id       BIGINT REFERENCES places(id),
    name_az        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    name_ru        TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    login         TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'az',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    PRIMARY KEY (user_id, role, institution_id)
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE persons (
    id                 INTEGER PRIMARY KEY,
    uuid               TEXT NOT NULL UNIQUE,
    fin                TEXT NOT NULL UNIQUE,
    last_name          TEXT NOT NULL,
    first_name         TEXT NOT NULL,
    patronymic         TEXT NOT NULL DEFAULT '',
    name_key           TEXT NOT NULL,
    alt_key            TEXT NOT NULL,
    sex                TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date         DATE NOT NULL,
    death_date         DATE,
    citizenship        TEXT NOT NULL DEFAULT 'AZE',
    reg_place_id       BIGINT REFERENCES places(id),
    reg_district_id    BIGINT REFERENCES places(id),
    reg_address        TEXT NOT NULL DEFAULT '',
    act_place_id       BIGINT REFERENCES places(id),
    act_address        TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    iban               TEXT NOT NULL DEFAULT '',
    disability_group   SMALLINT NOT NULL DEFAULT 0,
    disability_percent SMALLINT NOT NULL DEFAULT 0,
    disability_until   DATE,
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX persons_name_key ON persons (name_key, id);
CREATE INDEX persons_alt_key ON persons (alt_key, id);
CREATE INDEX persons_district_name ON persons (reg_district_id, name_key, id);

CREATE TABLE person_categories (
    id          INTEGER PRIMARY KEY,
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    category    TEXT NOT NULL,
    evidence    TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    valid_from  DATE NOT NULL,
    valid_until DATE
);
CREATE INDEX person_categories_person ON person_categories (person_id);
CREATE INDEX person_categories_category ON person_categories (category, person_id);

CREATE TABLE households (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    head_person_id BIGINT NOT NULL REFERENCES persons(id),
    place_id       BIGINT REFERENCES places(id),
    address        TEXT NOT NULL DEFAULT '',
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX households_head ON households (head_person_id);

CREATE TABLE household_members (
    household_id BIGINT NOT NULL REFERENCES households(id),
    person_id    BIGINT NOT NULL UNIQUE REFERENCES persons(id),
    relationship TEXT NOT NULL,
    PRIMARY KEY (household_id, person_id)
);

CREATE TABLE person_changes (
    id        INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    field     TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    actor_id  BIGINT REFERENCES users(id),
    source    TEXT NOT NULL,
    at        TIMESTAMP NOT NULL
);
CREATE INDEX person_changes_person ON person_changes (person_id, id);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TIMESTAMP NOT NULL,
    actor_id       BIGINT,
    actor_login    TEXT NOT NULL,
    institution_id BIGINT,
    action         TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    detail         TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);

CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE person_changes;
DROP TABLE household_members;
DROP TABLE households;
DROP TABLE person_categories;
DROP TABLE persons;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE service_points;
DROP TABLE institutions;
DROP TABLE places;
