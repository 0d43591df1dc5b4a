// Package places is the reference list of Azerbaijan's economic regions, districts and
// settlements that every address points into. It ships with the code (az-places.csv) and is
// loaded into the places table at start-up, so a registry never holds a free-text district.
package places

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

//go:embed az-places.csv
var data string

// Kinds of place, from the largest.
const (
	Region     = "region"
	District   = "district"
	Settlement = "settlement"
)

// Place is one region, district or settlement. IDs are derived from the codes, so they are
// the same on every installation: region R05 is 5, district R05-D03 is 503, its first
// settlement 50301.
type Place struct {
	ID       int64
	Code     string
	ParentID int64
	Kind     string
	Name     i18n.Text
}

// All parses the embedded list: regions first, then districts, then settlements, each in
// code order, which is the order parents must be inserted in.
func All() ([]Place, error) {
	r := csv.NewReader(strings.NewReader(data))
	r.Comma, r.Comment, r.FieldsPerRecord = ';', '#', 9
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	var out []Place
	for _, row := range rows {
		ps, err := fromRow(row)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	rank := map[string]int{Region: 0, District: 1, Settlement: 2}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Kind] != rank[out[j].Kind] {
			return rank[out[i].Kind] < rank[out[j].Kind]
		}
		return out[i].Code < out[j].Code
	})
	return out, nil
}

func fromRow(row []string) ([]Place, error) {
	id, parent, err := ids(row[1])
	if err != nil {
		return nil, err
	}
	p := Place{ID: id, Code: row[1], ParentID: parent, Kind: row[0], Name: i18n.Text{"az": row[3], "en": row[4], "ru": row[5]}}
	if p.Kind == Region {
		return []Place{p}, nil
	}
	centre := Place{ID: id*100 + 1, Code: p.Code + "-S01", ParentID: id, Kind: Settlement,
		Name: i18n.Text{"az": row[6], "en": row[7], "ru": row[8]}}
	return []Place{p, centre}, nil
}

// ids turns "R05" into (5, 0) and "R05-D03" into (503, 5).
func ids(code string) (id, parent int64, err error) {
	parts := strings.Split(code, "-")
	for _, part := range parts {
		n, err := strconv.Atoi(part[1:])
		if err != nil || len(part) != 3 || n < 1 || n > 99 {
			return 0, 0, fmt.Errorf("places: bad code %q", code)
		}
		parent, id = id, id*100+int64(n)
	}
	return id, parent, nil
}
