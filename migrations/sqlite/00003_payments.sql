-- +goose Up
CREATE TABLE payment_cycles (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    program_id   BIGINT NOT NULL REFERENCES programs(id),
    period       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('preparing', 'prepared', 'approved', 'exported', 'cancelled')),
    prepared_by  TEXT NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    prepared_at  TIMESTAMP,
    approved_by  TEXT NOT NULL DEFAULT '',
    approved_at  TIMESTAMP,
    UNIQUE (program_id, period)
);

-- payment_lines carries no foreign keys: a million-line cycle would fire two referential
-- checks per row, which cost more than writing the row. Lines are only ever made from an
-- entitlement of the cycle's programme (payments.Prepare), and cycles are never deleted.
CREATE TABLE payment_lines (
    id             INTEGER PRIMARY KEY,
    cycle_id       BIGINT NOT NULL,
    entitlement_id BIGINT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('regular', 'reissue')),
    from_month     TEXT NOT NULL,
    to_month       TEXT NOT NULL,
    months         INTEGER NOT NULL,
    gross          BIGINT NOT NULL,
    deduction      BIGINT NOT NULL DEFAULT 0,
    net            BIGINT NOT NULL,
    fin            TEXT NOT NULL,
    name           TEXT NOT NULL,
    iban           TEXT NOT NULL,
    bank           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'exception', 'withheld', 'paid', 'returned', 'cancelled')),
    reason         TEXT NOT NULL DEFAULT '',
    end_to_end_id  TEXT NOT NULL, -- D<cycle>E<entitlement><R|S>: unique through the key below
    reissue        BOOLEAN NOT NULL DEFAULT FALSE,
    reissue_of     BIGINT,
    UNIQUE (cycle_id, entitlement_id, kind)
);
CREATE INDEX payment_lines_entitlement ON payment_lines (entitlement_id, to_month);
CREATE INDEX payment_lines_cycle ON payment_lines (cycle_id, id);
-- exceptions are few; this partial index lets the finance officer's list find them without
-- scanning a million-line cycle, and costs nothing when a payable line is written
CREATE INDEX payment_lines_exceptions ON payment_lines (cycle_id, id) WHERE status = 'exception';

CREATE INDEX entitlements_program_id ON entitlements (program_id, id);

CREATE TABLE recoveries (
    id             INTEGER PRIMARY KEY,
    entitlement_id BIGINT NOT NULL REFERENCES entitlements(id),
    remaining      BIGINT NOT NULL CHECK (remaining >= 0),
    monthly_max    BIGINT NOT NULL CHECK (monthly_max > 0),
    reason         TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX recoveries_entitlement ON recoveries (entitlement_id);

CREATE TABLE payment_files (
    id         INTEGER PRIMARY KEY,
    cycle_id   BIGINT NOT NULL REFERENCES payment_cycles(id),
    bank       TEXT NOT NULL,
    format     TEXT NOT NULL,
    msg_id     TEXT NOT NULL,
    lines      INTEGER NOT NULL,
    total      BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (cycle_id, bank, format)
);

CREATE TABLE statements (
    id          INTEGER PRIMARY KEY,
    msg_id      TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    paid        INTEGER NOT NULL,
    returned    INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE statements;
DROP TABLE payment_files;
DROP TABLE recoveries;
DROP INDEX entitlements_program_id;
DROP TABLE payment_lines;
DROP TABLE payment_cycles;
