-- +goose Up
-- Household facts kept as the registry changes (issue #11 §5): one row per household member
-- with what an eligibility rule reads of them, so that a rule's dry run over the registry is
-- one sequential read of this table (registrydb.KeptFacts) instead of a join of persons,
-- members, categories and incomes. Facts that move with the calendar are kept in the form
-- that does not: the birth date (age, working age on the day), the disability's end, each
-- category with its validity, and every income record as "YYYY-MM-01=qəpik" newest first
-- (the twelve months before the dry run's day are summed from it as it is read). Every
-- registry write that changes these rows rewrites them in its own transaction
-- (registrydb/factskept.go); the fill below is the same SELECT as refreshHouseholds.
CREATE TABLE household_facts (
    household_id       BIGINT NOT NULL,
    person_id          BIGINT NOT NULL,
    relationship       TEXT NOT NULL,
    fin                TEXT NOT NULL,
    sex                TEXT NOT NULL,
    birth_date         DATE NOT NULL,
    death_date         DATE,
    has_iban           BOOLEAN NOT NULL,
    disability_group   SMALLINT NOT NULL,
    disability_percent SMALLINT NOT NULL,
    disability_until   DATE,
    categories         TEXT NOT NULL,
    incomes            TEXT NOT NULL,
    utility_cost       BIGINT,
    PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_facts_person ON household_facts (person_id);

INSERT INTO household_facts (household_id, person_id, relationship, fin, sex, birth_date, death_date, has_iban,
    disability_group, disability_percent, disability_until, categories, incomes, utility_cost)
SELECT m.household_id, m.person_id, m.relationship, p.fin, p.sex, p.birth_date, p.death_date, p.iban <> '',
    p.disability_group, p.disability_percent, p.disability_until,
    COALESCE((SELECT string_agg(c.category || '|' || CAST(c.valid_from AS TEXT) || '|' || COALESCE(CAST(c.valid_until AS TEXT), ''), ';' ORDER BY c.id)
        FROM person_categories c WHERE c.person_id = m.person_id), ''),
    COALESCE((SELECT string_agg(CAST(i.month AS TEXT) || '=' || CAST(i.amount AS TEXT), ';' ORDER BY i.month DESC)
        FROM person_incomes i WHERE i.person_id = m.person_id), ''),
    h.utility_cost
FROM household_members m JOIN persons p ON p.id = m.person_id JOIN households h ON h.id = m.household_id;

-- +goose Down
DROP TABLE household_facts;
