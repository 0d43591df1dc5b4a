package identitydb_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/identity/identitydb"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

// TestNamesInEveryLanguage: an institution's and a service point's names come back whole in
// every language, and the audit listing names institutions in the language asked (Azerbaijani
// for one the interface does not speak).
func TestNamesInEveryLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := registrydb.LoadPlaces(ctx, d); err != nil {
			t.Fatal(err)
		}
		s := identitydb.New(d)
		inst := identity.Institution{Code: "SSPF", Name: i18n.Text{"az": "Dövlət Sosial Müdafiə Fondu",
			"en": `State Social Protection Fund ("SSPF")`, "ru": "Государственный фонд социальной защиты"}}
		if err := s.CreateInstitution(ctx, &inst); err != nil {
			t.Fatal(err)
		}
		sp := identity.ServicePoint{Code: "DOST-1", InstitutionID: inst.ID, PlaceID: 10501,
			Name: i18n.Text{"az": "1 saylı Bakı DOST mərkəzi", "en": "Baku DOST centre No. 1", "ru": "Бакинский центр DOST № 1"}}
		if err := s.CreateServicePoint(ctx, &sp); err != nil {
			t.Fatal(err)
		}
		insts, err := s.Institutions(ctx)
		if err != nil || len(insts) != 1 || !maps.Equal(insts[0].Name, inst.Name) {
			t.Fatalf("institutions: %v %v", insts, err)
		}
		sps, err := s.ServicePoints(ctx)
		if err != nil || len(sps) != 1 || !maps.Equal(sps[0].Name, sp.Name) {
			t.Fatalf("service points: %v %v", sps, err)
		}
		log := audit.New(d, &clock.Fixed{T: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)})
		for _, lang := range []string{"az", "en", "ru", "de"} {
			names, err := log.InstitutionNames(ctx, lang)
			if want := inst.Name.In(lang); err != nil || names[inst.ID] != want {
				t.Errorf("institution names in %s: %v %v, want %q", lang, names, err, want)
			}
		}
	})
}
