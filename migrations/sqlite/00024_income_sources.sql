-- +goose Up
-- Income records are entered on the person's card, through the API and by the importer (#12
-- item 4). Each says where it comes from — one of a closed set the registry checks (tax,
-- sspf, employer, declaration, import) — and who recorded it and when; rows the demo wrote
-- before this (wage and pension, both reported to the State Social Protection Fund) take sspf.
-- The index person_incomes_amounts the dry run sums through is unchanged.
ALTER TABLE person_incomes ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE person_incomes ADD COLUMN recorded_at TIMESTAMP;
UPDATE person_incomes SET source = 'sspf' WHERE source IN ('wage', 'pension');
UPDATE person_incomes SET source = 'import' WHERE source NOT IN ('tax', 'sspf', 'employer', 'declaration', 'import');

-- The platform's importer (internal/platform/importer): one row per uploaded file, the file
-- itself in chunks until its job has read it (so that any node can run the job and no node
-- holds a large file in memory), and every bad line with its column and message key.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    mode        TEXT NOT NULL CHECK (mode IN ('all', 'good')),
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'refused', 'failed')),
    started_by  TEXT NOT NULL,
    size        BIGINT NOT NULL DEFAULT 0,
    done        BIGINT NOT NULL DEFAULT 0,
    lines       BIGINT NOT NULL DEFAULT 0,
    bad         BIGINT NOT NULL DEFAULT 0,
    added       BIGINT NOT NULL DEFAULT 0,
    changed     BIGINT NOT NULL DEFAULT 0,
    unchanged   BIGINT NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',
    job_id      BIGINT,
    created_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX imports_kind ON imports (kind, id);

CREATE TABLE import_chunks (
    import_id BIGINT NOT NULL REFERENCES imports(id),
    seq       INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (import_id, seq)
);

CREATE TABLE import_errors (
    import_id BIGINT NOT NULL REFERENCES imports(id),
    line      BIGINT NOT NULL,
    col       TEXT NOT NULL,
    msg_key   TEXT NOT NULL,
    PRIMARY KEY (import_id, line, col)
);

-- +goose Down
DROP TABLE import_errors;
DROP TABLE import_chunks;
DROP TABLE imports;
ALTER TABLE person_incomes DROP COLUMN recorded_at;
ALTER TABLE person_incomes DROP COLUMN recorded_by;
