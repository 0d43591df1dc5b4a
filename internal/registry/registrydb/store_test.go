package registrydb_test

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/registry/places"
	"github.com/dost-platform/dost/internal/registry/registrydb"
)

func service(t *testing.T, d *db.DB) (*registry.Service, *audit.Log) {
	t.Helper()
	if err := registrydb.LoadPlaces(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	c := &clock.Fixed{T: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)}
	log := audit.New(d, c)
	s, err := registry.NewService(registrydb.New(d, log), log, c)
	if err != nil {
		t.Fatal(err)
	}
	return s, log
}

var officer = authz.With(context.Background(), &authz.Principal{UserID: 0, Login: "officer"})

func create(t *testing.T, s *registry.Service, fin, last, first string) registry.Person {
	t.Helper()
	p, err := s.Create(officer, fin, map[string]string{
		"last_name": last, "first_name": first, "patronymic": "Əli oğlu", "sex": "M",
		"birth_date": "1980-05-17", "reg_place_id": "50301", "phone": "050 123 45 67",
	}, registry.SourceManual)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCreateReadUpdateWithHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		p := create(t, s, "5abcd12", "Məmmədov", "Rəşad")
		if p.FIN != "5ABCD12" || p.RegDistrictID != 503 || p.Phone != "+994501234567" {
			t.Fatalf("created %+v", p)
		}
		got, err := s.Person(officer, "5ABCD12", "test")
		if err != nil || got.LastName != "Məmmədov" || got.Version != 1 {
			t.Fatalf("read %+v, %v", got, err)
		}
		upd, err := s.Update(officer, "5ABCD12", 1, map[string]string{"phone": "+994 55 765 43 21", "iban": "AZ21NABZ00000000137010001944"}, registry.SourceManual)
		if err != nil || upd.Version != 2 {
			t.Fatalf("update = %+v, %v", upd, err)
		}
		hist, _ := s.History(officer, upd, 0)
		if len(hist) != 2 || hist[0].ActorLogin != "system" && hist[0].ActorLogin != "officer" || hist[1].Old != "+994501234567" {
			t.Fatalf("history = %+v", hist)
		}
		if _, err := s.Update(officer, "5ABCD12", 1, map[string]string{"phone": "0501112233"}, registry.SourceManual); !errors.Is(err, fail.ErrConflict) {
			t.Fatalf("stale update: %v, want conflict", err)
		}
	})
}

func TestInvalidInputWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		create(t, s, "5ABCD12", "Əliyev", "Elvin")
		_, err := s.Update(officer, "5ABCD12", 1, map[string]string{"phone": "12", "iban": "AZ00", "birth_date": "2031-01-01", "last_name": "Ivanov1"}, registry.SourceManual)
		var fields fail.Fields
		if !errors.As(err, &fields) || len(fields) != 4 {
			t.Fatalf("err = %v, want four field errors", err)
		}
		p, _ := s.Person(officer, "5ABCD12", "test")
		if p.Version != 1 || p.LastName != "Əliyev" {
			t.Fatalf("person changed: %+v", p)
		}
		if _, err := s.Create(officer, "5ABCD12", map[string]string{"last_name": "X", "first_name": "Y", "sex": "M", "birth_date": "1990-01-01"}, registry.SourceManual); !errors.Is(err, fail.ErrDuplicate) {
			t.Fatalf("duplicate FIN: %v", err)
		}
	})
}

func TestSearchFindsEverySpellingAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		create(t, s, "1AAAAA1", "Məmmədov", "Hüseyn")
		create(t, s, "1AAAAA2", "Məmmədov", "Əli")
		create(t, s, "1AAAAA3", "Məmmədov", "Anar")
		create(t, s, "1AAAAA4", "Əliyev", "Məmməd")
		create(t, s, "1AAAAA5", "Quliyev", "Tural")
		for _, q := range []string{"Mamedov Guseyn", "Mammadov Huseyn", "Мамедов Гусейн", "MƏMMƏDOV HÜSEYN", "Huseyn Mammadov"} {
			found, _, err := s.Search(officer, registry.Query{Text: q})
			if err != nil || len(found) != 1 || found[0].FIN != "1AAAAA1" {
				t.Errorf("Search(%q) = %v, %v", q, fins(found), err)
			}
		}
		// "Mamed" matches three surnames first, then the given name Məmməd.
		page1, next, _ := s.Search(officer, registry.Query{Text: "Mamed", Limit: 2})
		page2, next2, _ := s.Search(officer, registry.Query{Text: "Mamed", Limit: 2, After: next})
		all := append(fins(page1), fins(page2)...)
		want := []string{"1AAAAA3", "1AAAAA2", "1AAAAA1", "1AAAAA4"}
		if len(all) != 4 || next2 != "" || all[3] != want[3] {
			t.Fatalf("pages = %v then %v (next %q), want %v", page1, page2, next2, want)
		}
		none, _, _ := s.Search(officer, registry.Query{Text: "Mammadov", BirthYear: 1990})
		if len(none) != 0 {
			t.Fatalf("birth-year filter let through %v", fins(none))
		}
		byDistrict, _, _ := s.Search(officer, registry.Query{Text: "Quliyev", DistrictID: 503})
		byFIN, _, _ := s.Search(officer, registry.Query{Text: "1aaaaa5"})
		if len(byDistrict) != 1 || len(byFIN) != 1 {
			t.Fatalf("district %v, fin %v", fins(byDistrict), fins(byFIN))
		}
	})
}

func TestReadsAndWritesAreAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, log := service(t, d)
		create(t, s, "5ABCD12", "Əliyev", "Elvin")
		s.Person(officer, "5ABCD12", "card")
		s.Search(officer, registry.Query{Text: "Aliyev"})
		entries, _ := log.List(context.Background(), audit.Filter{})
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action+":"+e.ActorLogin)
		}
		if len(entries) != 3 || entries[0].Action != audit.Search || entries[1].Action != audit.Read || entries[2].Action != audit.Create {
			t.Fatalf("audit = %v", actions)
		}
	})
}

func fins(ps []registry.Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.FIN
	}
	return out
}

// TestPlacesKeepNamesInEveryLanguage: the reference list of places is stored with each name
// whole in every language.
func TestPlacesKeepNamesInEveryLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		service(t, d)
		all, err := places.All()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range all {
			if p.ID != 503 && p.ID != 50301 {
				continue
			}
			var got i18n.Text
			if err := d.QueryRow(`SELECT name FROM places WHERE id = $1`, p.ID).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if len(got) != 3 || !maps.Equal(got, p.Name) {
				t.Errorf("place %s: %v, want %v", p.Code, got, p.Name)
			}
		}
	})
}
