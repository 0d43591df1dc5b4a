package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// TestMigrationsAgree migrates both engines and compares dost's own schema — tables, columns
// with their types and nullability, primary keys, unique constraints, indexes (unique or not,
// columns, partial predicates) and foreign keys — so that migrations/sqlite and
// migrations/postgres cannot drift apart. River's tables and goose's version table are not
// dost's and are left out. A difference that is meant is listed in knownDrift with its reason.
func TestMigrationsAgree(t *testing.T) {
	lite := schemaOf(t, dbtest.SQLite(t))
	pg := schemaOf(t, dbtest.Postgres(t))
	for _, d := range diffSchemas(lite, pg, knownDrift) {
		t.Error(d)
	}
}

// TestMigrationsAgreeFindsDrift: the comparison sees each kind of drift — a type, a
// nullability, a column on one side only, an index predicate, a foreign key's action —
// and nothing else.
func TestMigrationsAgreeFindsDrift(t *testing.T) {
	lite, pg := dbtest.SQLite(t), dbtest.Postgres(t)
	exec(t, lite, `CREATE TABLE drift_probe (id INTEGER PRIMARY KEY, a BIGINT NOT NULL, b TEXT,
		c DATE, p BIGINT REFERENCES persons ON DELETE CASCADE)`,
		`CREATE INDEX drift_probe_a ON drift_probe (a) WHERE b = 'x'`)
	exec(t, pg, `CREATE TABLE drift_probe (id BIGSERIAL PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL,
		d DATE, p BIGINT REFERENCES persons)`,
		`CREATE INDEX drift_probe_a ON drift_probe (a) WHERE b = 'y'`)
	got := diffSchemas(schemaOf(t, lite), schemaOf(t, pg), knownDrift)
	want := []string{
		`column drift_probe.a: sqlite "bigint not null", postgres "integer not null"`,
		`column drift_probe.b: sqlite "text null", postgres "text not null"`,
		`column drift_probe.c: sqlite "date null", postgres has none`,
		`column drift_probe.d: sqlite has none, postgres "date null"`,
		`foreign key drift_probe.p: sqlite "persons.id on delete cascade", postgres "persons.id"`,
		`index drift_probe_a: sqlite "on drift_probe (a) where b = 'x'", postgres "on drift_probe (a) where b = 'y'"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("differences found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func exec(t *testing.T, d *db.DB, statements ...string) {
	t.Helper()
	for _, q := range statements {
		if _, err := d.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// knownDrift lists differences between the engines that are meant, each with its reason; a
// listed difference that no longer occurs fails the test too, so the list stays true.
var knownDrift = map[string]string{}

// sqliteTypes maps the types SQLite's migrations declare to PostgreSQL's information_schema
// names for the type the twin migration declares. One column escapes the map: SQLite's
// INTEGER PRIMARY KEY is the rowid, 64-bit and numbered by the engine, whose twin is either
// BIGSERIAL or, for a one-row table with a fixed id, a plain INTEGER PRIMARY KEY; both
// engines read it as "rowid".
var sqliteTypes = map[string]string{
	"INTEGER":   "integer",
	"BIGINT":    "bigint",
	"SMALLINT":  "smallint",
	"TEXT":      "text",
	"BOOLEAN":   "boolean",
	"REAL":      "real",
	"DATE":      "date",
	"TIMESTAMP": "timestamp with time zone",
	"BLOB":      "bytea",
	// A JSON document: jsonb on PostgreSQL; on SQLite text (NUMERIC affinity keeps an
	// object's text as written) read with the same ->> operator.
	"JSON": "jsonb",
}

// schema is a set of facts, each a key ("column persons.fin") and a description
// ("text not null"), so that two engines compare as two maps.
type schema map[string]string

// ignored is a table that is not dost's own.
func ignored(table string) bool {
	return strings.HasPrefix(table, "river_") || table == "goose_db_version" || strings.HasPrefix(table, "sqlite_")
}

func schemaOf(t *testing.T, d *db.DB) schema {
	t.Helper()
	s := schema{}
	var err error
	if d.Dialect == db.Postgres {
		err = readPostgres(context.Background(), d, s)
	} else {
		err = readSQLite(context.Background(), d, s)
	}
	if err != nil {
		t.Fatalf("read the %s schema: %v", d.Dialect, err)
	}
	if len(s) < 100 {
		t.Fatalf("%s schema: only %d facts read; the catalogue queries are wrong", d.Dialect, len(s))
	}
	return s
}

func readSQLite(ctx context.Context, d *db.DB, s schema) error {
	tables, err := db.Collect(ctx, d, db.Value[string],
		`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return err
	}
	for _, table := range tables {
		if ignored(table) {
			continue
		}
		s["table "+table] = ""
		if err := sqliteColumns(ctx, d, table, s); err != nil {
			return err
		}
		if err := sqliteIndexes(ctx, d, table, s); err != nil {
			return err
		}
		if err := sqliteForeignKeys(ctx, d, table, s); err != nil {
			return err
		}
	}
	return nil
}

type sqliteColumn struct {
	name, typ string
	notNull   bool
	pk        int
}

func sqliteColumns(ctx context.Context, d *db.DB, table string, s schema) error {
	cols, err := db.Collect(ctx, d, func(r db.Scanner) (c sqliteColumn, err error) {
		err = r.Scan(&c.name, &c.typ, &c.notNull, &c.pk)
		return
	}, `SELECT name, type, "notnull", pk FROM pragma_table_info($1) ORDER BY cid`, table)
	if err != nil {
		return err
	}
	var pk []string
	for _, c := range cols {
		if c.pk > 0 {
			pk = append(pk, c.name)
		}
	}
	for _, c := range cols {
		typ, ok := sqliteTypes[strings.ToUpper(c.typ)]
		if !ok {
			typ = "unmapped SQLite type " + c.typ
		}
		if len(pk) == 1 && c.pk == 1 && strings.EqualFold(c.typ, "INTEGER") {
			typ = "rowid"
		}
		// A primary key is NOT NULL on PostgreSQL; SQLite reports only what was declared.
		s["column "+table+"."+c.name] = typ + nullability(c.notNull || c.pk > 0)
	}
	if len(pk) > 0 {
		slices.SortFunc(cols, func(a, b sqliteColumn) int { return a.pk - b.pk })
		pk = pk[:0]
		for _, c := range cols {
			if c.pk > 0 {
				pk = append(pk, c.name)
			}
		}
		s["primary key "+table] = strings.Join(pk, ", ")
	}
	return nil
}

func sqliteIndexes(ctx context.Context, d *db.DB, table string, s schema) error {
	type index struct {
		name, origin string
		unique       bool
	}
	indexes, err := db.Collect(ctx, d, func(r db.Scanner) (i index, err error) {
		err = r.Scan(&i.name, &i.unique, &i.origin)
		return
	}, `SELECT name, "unique", origin FROM pragma_index_list($1) ORDER BY name`, table)
	if err != nil {
		return err
	}
	for _, i := range indexes {
		if i.origin == "pk" { // read from the columns, as PostgreSQL's is
			continue
		}
		cols, err := db.Collect(ctx, d, func(r db.Scanner) (string, error) {
			var name sql.NullString
			err := r.Scan(&name)
			if !name.Valid {
				name.String = "(expression)"
			}
			return name.String, err
		}, `SELECT name FROM pragma_index_info($1) ORDER BY seqno`, i.name)
		if err != nil {
			return err
		}
		if i.origin == "u" {
			s["unique "+table+" ("+strings.Join(cols, ", ")+")"] = ""
			continue
		}
		var def sql.NullString
		if err := d.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1`, i.name).Scan(&def); err != nil {
			return err
		}
		s["index "+i.name] = describeIndex(table, cols, i.unique, predicate(def.String))
	}
	return nil
}

func sqliteForeignKeys(ctx context.Context, d *db.DB, table string, s schema) error {
	type fk struct {
		from, to, onDelete string
		toCol              sql.NullString
	}
	fks, err := db.Collect(ctx, d, func(r db.Scanner) (f fk, err error) {
		err = r.Scan(&f.from, &f.to, &f.toCol, &f.onDelete)
		return
	}, `SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq`, table)
	if err != nil {
		return err
	}
	for _, f := range fks {
		to := f.toCol.String
		if !f.toCol.Valid { // REFERENCES t: t's primary key
			to = "id"
		}
		s["foreign key "+table+"."+f.from] = f.to + "." + to + onDelete(f.onDelete)
	}
	return nil
}

func readPostgres(ctx context.Context, d *db.DB, s schema) error {
	type column struct {
		table, name, typ string
		nullable         string
		serial, pk       bool
	}
	cols, err := db.Collect(ctx, d, func(r db.Scanner) (c column, err error) {
		err = r.Scan(&c.table, &c.name, &c.typ, &c.nullable, &c.serial, &c.pk)
		return
	}, `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
			COALESCE(c.column_default, '') LIKE 'nextval(%',
			EXISTS (SELECT 1 FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
				WHERE x.indisprimary AND x.indnkeyatts = 1 AND x.indrelid = to_regclass(quote_ident(c.table_name))
				AND a.attname = c.column_name)
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`)
	if err != nil {
		return err
	}
	for _, c := range cols {
		if ignored(c.table) {
			continue
		}
		typ := c.typ
		switch {
		case c.pk && (typ == "bigint" && c.serial || typ == "integer" && !c.serial):
			typ = "rowid" // BIGSERIAL PRIMARY KEY, or INTEGER PRIMARY KEY: see sqliteTypes
		case c.serial:
			typ += " numbered by a sequence"
		}
		s["table "+c.table] = ""
		s["column "+c.table+"."+c.name] = typ + nullability(c.nullable == "NO")
	}

	type index struct {
		table, name, cols, pred   string
		unique, primary, fromUniq bool
	}
	indexes, err := db.Collect(ctx, d, func(r db.Scanner) (i index, err error) {
		err = r.Scan(&i.table, &i.name, &i.unique, &i.primary, &i.fromUniq, &i.cols, &i.pred)
		return
	}, `SELECT t.relname, i.relname, x.indisunique, x.indisprimary,
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype = 'u'),
			(SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), ', ' ORDER BY k)
				FROM generate_series(1, x.indnkeyatts) k),
			COALESCE(pg_get_expr(x.indpred, x.indrelid, true), '')
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		return err
	}
	for _, i := range indexes {
		switch {
		case ignored(i.table):
		case i.primary:
			s["primary key "+i.table] = i.cols
		case i.fromUniq:
			s["unique "+i.table+" ("+i.cols+")"] = ""
		default:
			s["index "+i.name] = describeIndex(i.table, strings.Split(i.cols, ", "), i.unique, i.pred)
		}
	}

	type fk struct{ table, from, to, toCol, onDelete string }
	fks, err := db.Collect(ctx, d, func(r db.Scanner) (f fk, err error) {
		err = r.Scan(&f.table, &f.from, &f.to, &f.toCol, &f.onDelete)
		return
	}, `SELECT t.relname, a.attname, rt.relname, ra.attname,
			CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
				WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
		FROM pg_constraint c
		JOIN pg_class t ON t.oid = c.conrelid
		JOIN pg_class rt ON rt.oid = c.confrelid
		CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, rcol)
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
		JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.rcol
		WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return err
	}
	for _, f := range fks {
		if !ignored(f.table) {
			s["foreign key "+f.table+"."+f.from] = f.to + "." + f.toCol + onDelete(f.onDelete)
		}
	}
	return nil
}

func nullability(notNull bool) string {
	if notNull {
		return " not null"
	}
	return " null"
}

func onDelete(action string) string {
	if action == "NO ACTION" || action == "" {
		return ""
	}
	return " on delete " + strings.ToLower(action)
}

func describeIndex(table string, cols []string, unique bool, pred string) string {
	out := "on " + table + " (" + strings.Join(cols, ", ") + ")"
	if unique {
		out = "unique " + out
	}
	if pred != "" {
		out += " where " + normalPredicate(pred)
	}
	return out
}

// predicate is the WHERE clause of a SQLite CREATE INDEX statement.
func predicate(createIndex string) string {
	_, p, ok := strings.Cut(spaces.ReplaceAllString(createIndex, " "), " WHERE ")
	if !ok {
		_, p, _ = strings.Cut(spaces.ReplaceAllString(createIndex, " "), " where ")
	}
	return strings.TrimSpace(p)
}

var (
	casts    = regexp.MustCompile(`::[a-z ]+?\b([a-z]+)?(\[\])?`)
	anyArray = regexp.MustCompile(`= any \(array\[([^\]]*)\]\)`)
	spaces   = regexp.MustCompile(`\s+`)
)

// normalPredicate writes an index predicate as SQLite's text and PostgreSQL's deparsed form
// both come out: lower case, no casts, IN for = ANY (ARRAY[…]), no parentheses.
func normalPredicate(p string) string {
	p = strings.ToLower(p)
	p = casts.ReplaceAllString(p, "")
	p = anyArray.ReplaceAllString(p, "in ($1)")
	p = strings.NewReplacer("(", "", ")", "").Replace(p)
	return strings.TrimSpace(spaces.ReplaceAllString(p, " "))
}

// diffSchemas lists every fact the engines disagree on, except those in known; and a known
// difference that is gone, so that its entry is removed.
func diffSchemas(lite, pg schema, known map[string]string) []string {
	var out []string
	keys := map[string]bool{}
	for k := range lite {
		keys[k] = true
	}
	for k := range pg {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		l, inLite := lite[k]
		p, inPG := pg[k]
		differ := inLite != inPG || l != p
		_, meant := known[k]
		switch {
		case differ && !meant:
			out = append(out, fmt.Sprintf("%s: sqlite %s, postgres %s", k, show(l, inLite), show(p, inPG)))
		case !differ && meant:
			out = append(out, fmt.Sprintf("%s: listed as a known difference, but the engines agree now: remove it from knownDrift", k))
		}
	}
	for k := range known {
		if !keys[k] {
			out = append(out, fmt.Sprintf("%s: listed as a known difference, but neither engine has it: remove it from knownDrift", k))
		}
	}
	return out
}

func show(v string, ok bool) string {
	if !ok {
		return "has none"
	}
	if v == "" {
		return "has it"
	}
	return fmt.Sprintf("%q", v)
}
