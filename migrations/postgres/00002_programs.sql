-- +goose Up
CREATE TABLE person_incomes (
    id        BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    month     DATE NOT NULL,
    amount    BIGINT NOT NULL CHECK (amount >= 0),
    source    TEXT NOT NULL,
    UNIQUE (person_id, month, source)
);

CREATE TABLE programs (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name_az      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    name_ru      TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('monthly', 'one_off')),
    unit         TEXT NOT NULL CHECK (unit IN ('person', 'household')),
    award_months INTEGER NOT NULL DEFAULT 0,
    proactive    BOOLEAN NOT NULL DEFAULT FALSE,
    institution  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE program_params (
    id             BIGSERIAL PRIMARY KEY,
    program_id     BIGINT NOT NULL REFERENCES programs(id),
    name           TEXT NOT NULL,
    effective_from DATE NOT NULL,
    value          BIGINT NOT NULL,
    UNIQUE (program_id, name, effective_from)
);

CREATE TABLE rules (
    id             BIGSERIAL PRIMARY KEY,
    program_id     BIGINT NOT NULL REFERENCES programs(id),
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
    effective_from DATE NOT NULL,
    definition     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    activated_by   TEXT NOT NULL DEFAULT '',
    activated_at   TIMESTAMPTZ,
    UNIQUE (program_id, version)
);

CREATE TABLE decisions (
    id              BIGSERIAL PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    program_id      BIGINT NOT NULL REFERENCES programs(id),
    rule_id         BIGINT NOT NULL REFERENCES rules(id),
    person_id       BIGINT NOT NULL REFERENCES persons(id),
    household_id    BIGINT REFERENCES households(id),
    decided_on      DATE NOT NULL,
    eligible        BOOLEAN NOT NULL,
    amount          BIGINT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('granted', 'refused')),
    final_amount    BIGINT NOT NULL,
    inputs          TEXT NOT NULL,
    steps           TEXT NOT NULL,
    explanation_az  TEXT NOT NULL,
    explanation_en  TEXT NOT NULL,
    explanation_ru  TEXT NOT NULL,
    override_reason TEXT NOT NULL DEFAULT '',
    overridden_by   TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX decisions_person ON decisions (person_id, id);

CREATE TABLE entitlements (
    id            BIGSERIAL PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    program_id    BIGINT NOT NULL REFERENCES programs(id),
    person_id     BIGINT NOT NULL REFERENCES persons(id),
    decision_id   BIGINT REFERENCES decisions(id),
    start_date    DATE NOT NULL,
    end_date      DATE,
    amount        BIGINT NOT NULL CHECK (amount >= 0),
    status        TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    status_reason TEXT NOT NULL DEFAULT '',
    status_since  DATE NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX entitlements_person ON entitlements (person_id);
CREATE INDEX entitlements_program_status ON entitlements (program_id, status, id);

CREATE TABLE entitlement_events (
    id             BIGSERIAL PRIMARY KEY,
    entitlement_id BIGINT NOT NULL REFERENCES entitlements(id),
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    effective      DATE NOT NULL,
    actor          TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX entitlement_events_entitlement ON entitlement_events (entitlement_id, id);

-- +goose Down
DROP TABLE entitlement_events;
DROP TABLE entitlements;
DROP TABLE decisions;
DROP TABLE rules;
DROP TABLE program_params;
DROP TABLE programs;
DROP TABLE person_incomes;
