package db_test

import (
	"context"
	"maps"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// TestNamesMigrateToText: a database written before migration 00020, its names in
// name_az/name_en/name_ru, comes through it with every name whole in the JSON column name,
// which the ->> operator reads on both engines; and the old columns are gone.
func TestNamesMigrateToText(t *testing.T) {
	dbtest.EachAt(t, 19, func(t *testing.T, d *db.DB) {
		exec(t, d,
			`INSERT INTO places (id, code, kind, name_az, name_en, name_ru) VALUES (5, 'R05', 'region', 'Bakı', 'Baku', 'Баку')`,
			`INSERT INTO institutions (id, code, name_az, name_en, name_ru) VALUES (1, 'MIN', 'Nazirlik', 'Ministry "Labour"', 'Министерство')`,
			`INSERT INTO service_points (id, code, institution_id, place_id, name_az, name_en, name_ru)
				VALUES (1, 'DOST-1', 1, 5, '1 saylı DOST mərkəzi', 'DOST centre No. 1', 'Центр DOST № 1')`,
			`INSERT INTO programs (id, code, name_az, name_en, name_ru, kind, unit, institution, created_at)
				VALUES (1, 'TSSA', 'Ünvanlı sosial yardım', 'Targeted social assistance', 'Адресная помощь', 'monthly', 'household', 'MIN', '2026-01-01T00:00:00Z')`,
			`INSERT INTO calendar_days (day, off, name_az, name_en, name_ru) VALUES ('2026-05-28', TRUE, 'Müstəqillik Günü', 'Independence Day', 'День независимости')`)
		ctx := context.Background()
		if err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		want := map[string]i18n.Text{
			"places":         {"az": "Bakı", "en": "Baku", "ru": "Баку"},
			"institutions":   {"az": "Nazirlik", "en": `Ministry "Labour"`, "ru": "Министерство"},
			"service_points": {"az": "1 saylı DOST mərkəzi", "en": "DOST centre No. 1", "ru": "Центр DOST № 1"},
			"programs":       {"az": "Ünvanlı sosial yardım", "en": "Targeted social assistance", "ru": "Адресная помощь"},
			"calendar_days":  {"az": "Müstəqillik Günü", "en": "Independence Day", "ru": "День независимости"},
		}
		for table, name := range want {
			var got i18n.Text
			if err := d.QueryRowContext(ctx, `SELECT name FROM `+table).Scan(&got); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			if !maps.Equal(got, name) {
				t.Errorf("%s: name %v, want %v", table, got, name)
			}
			var ru string
			if err := d.QueryRowContext(ctx, `SELECT name->>'ru' FROM `+table).Scan(&ru); err != nil || ru != name["ru"] {
				t.Errorf("%s: name->>'ru' = %q, %v", table, ru, err)
			}
			if _, err := d.ExecContext(ctx, `SELECT name_az FROM `+table); err == nil {
				t.Errorf("%s still has name_az", table)
			}
		}
	})
}
