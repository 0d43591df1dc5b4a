package registrydb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/registry"
)

// SearchPersons runs a compiled search. A name search reads two index ranges in turn —
// surname-first keys, then given-name-first keys — each in index order with a LIMIT, so a
// page costs the same whether the name is rare or half the country is called Məmmədov.
// The cursor says which range a page stopped in and where.
func (s *Store) SearchPersons(ctx context.Context, plan registry.Plan) ([]registry.Person, string, error) {
	if plan.FIN != "" {
		p, err := s.PersonByFIN(ctx, plan.FIN)
		if err != nil {
			return nil, "", nil
		}
		if !matchesFilters(p, plan) {
			return nil, "", nil
		}
		return []registry.Person{p}, "", nil
	}
	branch, key, id := parseCursor(plan.After)
	var out []registry.Person
	if branch == "a" {
		found, err := s.searchRange(ctx, plan, "name_key", key, id, plan.Limit+1)
		if err != nil {
			return nil, "", err
		}
		if len(found) > plan.Limit {
			last := found[plan.Limit-1]
			return found[:plan.Limit], cursor("a", nameKeyOf(last), last.ID), nil
		}
		out, key, id = found, "", 0
	}
	more, err := s.searchRange(ctx, plan, "alt_key", key, id, plan.Limit-len(out)+1)
	if err != nil {
		return nil, "", err
	}
	out = append(out, more...)
	if len(out) > plan.Limit {
		last := out[plan.Limit-1]
		_, alt := registry.SearchKeys(last.LastName, last.FirstName, last.Patronymic)
		return out[:plan.Limit], cursor("b", alt, last.ID), nil
	}
	return out, "", nil
}

func (s *Store) searchRange(ctx context.Context, plan registry.Plan, col, afterKey string, afterID int64, limit int) ([]registry.Person, error) {
	if limit <= 0 {
		return nil, nil
	}
	where, args := rangeWhere(plan, col, afterKey, afterID)
	args = append(args, limit)
	q := fmt.Sprintf(`SELECT %s FROM persons WHERE %s ORDER BY %s, id LIMIT $%d`,
		personColumns, strings.Join(where, " AND "), col, len(args))
	out, err := db.Collect(ctx, s.db, scanPerson, q, args...)
	if err != nil {
		return nil, fmt.Errorf("search persons: %w", err)
	}
	return out, nil
}

// CountPersons counts the persons a compiled search selects — the same two index ranges
// and filters as SearchPersons, from the first page — but never more than most+1 of them:
// each range is counted through a LIMIT, so counting a name half the country bears reads
// at most most+1 index entries. An answer above most means "more than most".
func (s *Store) CountPersons(ctx context.Context, plan registry.Plan, most int) (int, error) {
	if plan.FIN != "" {
		plan.After = ""
		found, _, err := s.SearchPersons(ctx, plan)
		return len(found), err
	}
	n, err := s.countRange(ctx, plan, "name_key", most+1)
	if err != nil || n > most {
		return n, err
	}
	m, err := s.countRange(ctx, plan, "alt_key", most+1-n)
	return n + m, err
}

func (s *Store) countRange(ctx context.Context, plan registry.Plan, col string, limit int) (int, error) {
	where, args := rangeWhere(plan, col, "", 0)
	args = append(args, limit)
	q := fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM persons WHERE %s LIMIT $%d) hits`, strings.Join(where, " AND "), len(args))
	var n int
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count persons: %w", err)
	}
	return n, nil
}

// rangeWhere is the WHERE of one index range of a name search (col is name_key or alt_key),
// after a cursor when afterID is set, shared by the page and its count so the two agree.
func rangeWhere(plan registry.Plan, col, afterKey string, afterID int64) ([]string, []any) {
	args := []any{plan.Prefix, registry.PrefixEnd(plan.Prefix)}
	where := []string{col + " >= $1", col + " < $2"}
	add := func(cond string, vals ...any) {
		for _, v := range vals {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if col == "alt_key" { // rows already shown by the surname-first range
		where = append(where, "NOT (name_key >= $1 AND name_key < $2)")
	}
	if afterID > 0 {
		add("("+col+" > ? OR ("+col+" = ? AND id > ?))", afterKey, afterKey, afterID)
	}
	if !plan.BirthFrom.IsZero() {
		add("birth_date >= ? AND birth_date < ?", plan.BirthFrom, plan.BirthTo)
	}
	if plan.DistrictID != 0 {
		add("reg_district_id = ?", plan.DistrictID)
	}
	return where, args
}

func matchesFilters(p registry.Person, plan registry.Plan) bool {
	if !plan.BirthFrom.IsZero() && (p.BirthDate.Before(plan.BirthFrom) || !p.BirthDate.Before(plan.BirthTo)) {
		return false
	}
	return plan.DistrictID == 0 || p.RegDistrictID == plan.DistrictID
}

func nameKeyOf(p registry.Person) string {
	k, _ := registry.SearchKeys(p.LastName, p.FirstName, p.Patronymic)
	return k
}

func cursor(branch, key string, id int64) string {
	return branch + "|" + strconv.FormatInt(id, 10) + "|" + key
}

// parseCursor reads a cursor; anything malformed starts from the beginning.
func parseCursor(c string) (branch, key string, id int64) {
	parts := strings.SplitN(c, "|", 3)
	if len(parts) != 3 || (parts[0] != "a" && parts[0] != "b") {
		return "a", "", 0
	}
	n, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "a", "", 0
	}
	return parts[0], parts[2], n
}
