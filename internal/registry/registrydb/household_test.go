package registrydb_test

import (
	"errors"
	"testing"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
	"github.com/dost-platform/dost/internal/platform/fail"
)

func TestHouseholdMembersKeepOneHead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := service(t, d)
		head := create(t, s, "2AAAAA1", "Həsənov", "Anar")
		create(t, s, "2AAAAA2", "Həsənova", "Leyla")
		create(t, s, "2AAAAA3", "Həsənov", "Murad")
		h, err := s.CreateHousehold(officer, head.FIN, 50301, "Nizami küç. 5")
		if err != nil {
			t.Fatal(err)
		}
		if h, err = s.SetMember(officer, h.UUID, 1, "2aaaaa2", "spouse"); err != nil {
			t.Fatal(err)
		}
		if h, err = s.SetMember(officer, h.UUID, 2, "2AAAAA3", "child"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetMember(officer, h.UUID, 2, "2AAAAA3", "other"); !errors.Is(err, fail.ErrConflict) {
			t.Fatalf("stale household edit: %v", err)
		}
		if _, err := s.SetMember(officer, h.UUID, 3, "2AAAAA1", ""); !isField(err, "invalid.remove_head") {
			t.Fatalf("removing the head: %v", err)
		}
		if h, err = s.SetMember(officer, h.UUID, 3, "2AAAAA2", "head"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.HouseholdByUUID(officer, h.UUID)
		heads := 0
		for _, m := range got.Members {
			if m.Relationship == "head" {
				heads++
				if m.FIN != "2AAAAA2" {
					t.Fatalf("head is %s", m.FIN)
				}
			}
		}
		if heads != 1 || len(got.Members) != 3 || got.Version != 4 {
			t.Fatalf("household = %+v", got)
		}
		if _, err := s.CreateHousehold(officer, "2AAAAA3", 0, ""); !isField(err, "invalid.in_other_household") {
			t.Fatalf("second household for a member: %v", err)
		}
		p, _ := s.Person(officer, "2AAAAA1", "test")
		hist, _ := s.History(officer, p, 0)
		if len(hist) != 2 || hist[0].Field != "household" || hist[0].New != h.UUID+" (other)" {
			t.Fatalf("former head's history = %+v", hist)
		}
		if h, err = s.SetMember(officer, h.UUID, 4, "2AAAAA3", ""); err != nil || len(h.Members) != 2 {
			t.Fatalf("remove member: %v %+v", err, h)
		}
	})
}

func isField(err error, key string) bool {
	var f fail.Fields
	return errors.As(err, &f) && len(f) == 1 && f[0].Key == key
}
