-- +goose Up
-- A payment line is identified by its cycle, entitlement and kind, the key that guarantees a
-- month is paid once, and which the end-to-end id the banks echo back spells out
-- (D<cycle>E<entitlement><R|S>). The surrogate id, the id index per cycle and the stored
-- end-to-end id are gone: a million-line cycle wrote four B-trees where two do the work
-- (docs/PERFORMANCE.md). Text keys compare bytewise (they are codes and YYYY-MM months).
CREATE TABLE payment_lines_new (
    cycle_id       BIGINT NOT NULL,
    entitlement_id BIGINT NOT NULL,
    kind           TEXT COLLATE "C" NOT NULL CHECK (kind IN ('regular', 'reissue')),
    from_month     TEXT COLLATE "C" NOT NULL,
    to_month       TEXT COLLATE "C" NOT NULL,
    months         INTEGER NOT NULL,
    gross          BIGINT NOT NULL,
    deduction      BIGINT NOT NULL DEFAULT 0,
    net            BIGINT NOT NULL,
    fin            TEXT NOT NULL,
    name           TEXT NOT NULL,
    iban           TEXT NOT NULL,
    bank           TEXT COLLATE "C" NOT NULL,
    status         TEXT COLLATE "C" NOT NULL CHECK (status IN ('pending', 'exception', 'withheld', 'paid', 'returned', 'cancelled')),
    reason         TEXT NOT NULL DEFAULT '',
    reissue        BOOLEAN NOT NULL DEFAULT FALSE,
    reissue_of     TEXT COLLATE "C", -- end-to-end id of the returned line this one pays again
    PRIMARY KEY (cycle_id, entitlement_id, kind)
);
INSERT INTO payment_lines_new (cycle_id, entitlement_id, kind, from_month, to_month, months, gross, deduction, net,
        fin, name, iban, bank, status, reason, reissue, reissue_of)
    SELECT l.cycle_id, l.entitlement_id, l.kind, l.from_month, l.to_month, l.months, l.gross, l.deduction, l.net,
        l.fin, l.name, l.iban, l.bank, l.status, l.reason, l.reissue, o.end_to_end_id
    FROM payment_lines l LEFT JOIN payment_lines o ON o.id = l.reissue_of;
DROP TABLE payment_lines;
ALTER TABLE payment_lines_new RENAME TO payment_lines;
ALTER INDEX payment_lines_new_pkey RENAME TO payment_lines_pkey;
-- what earlier lines covered is read from this index alone (status included), without a row
-- lookup per earlier line: a preparation reads it for every entitlement
CREATE INDEX payment_lines_entitlement ON payment_lines (entitlement_id, to_month, status);
-- exceptions and returns are few; these partial indexes find them without scanning a
-- million-line cycle, and cost nothing when a payable line is written
CREATE INDEX payment_lines_exceptions ON payment_lines (cycle_id, entitlement_id) WHERE status = 'exception';
CREATE INDEX payment_lines_returned ON payment_lines (entitlement_id) WHERE status = 'returned';

-- +goose Down
CREATE TABLE payment_lines_old (
    id             BIGSERIAL PRIMARY KEY,
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
    end_to_end_id  TEXT NOT NULL,
    reissue        BOOLEAN NOT NULL DEFAULT FALSE,
    reissue_of     BIGINT,
    UNIQUE (cycle_id, entitlement_id, kind)
);
INSERT INTO payment_lines_old (cycle_id, entitlement_id, kind, from_month, to_month, months, gross, deduction, net,
        fin, name, iban, bank, status, reason, end_to_end_id, reissue)
    SELECT cycle_id, entitlement_id, kind, from_month, to_month, months, gross, deduction, net, fin, name, iban, bank,
        status, reason, 'D' || cycle_id || 'E' || entitlement_id || CASE kind WHEN 'regular' THEN 'R' ELSE 'S' END, reissue
    FROM payment_lines ORDER BY cycle_id, entitlement_id, kind;
UPDATE payment_lines_old SET reissue_of = (SELECT o.id FROM payment_lines_old o JOIN payment_lines n
    ON n.reissue_of = o.end_to_end_id WHERE n.cycle_id = payment_lines_old.cycle_id
    AND n.entitlement_id = payment_lines_old.entitlement_id AND n.kind = payment_lines_old.kind);
DROP TABLE payment_lines;
ALTER TABLE payment_lines_old RENAME TO payment_lines;
CREATE INDEX payment_lines_entitlement ON payment_lines (entitlement_id, to_month);
CREATE INDEX payment_lines_cycle ON payment_lines (cycle_id, id);
CREATE INDEX payment_lines_exceptions ON payment_lines (cycle_id, id) WHERE status = 'exception';
