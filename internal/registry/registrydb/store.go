// Package registrydb stores the social registry in SQL that both engines run.
package registrydb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/registry"
	"github.com/dost-platform/dost/internal/registry/places"
)

// Store implements registry.Store.
type Store struct {
	db    *db.DB
	audit *audit.Log
}

// New returns a store over d that appends audit entries to a.
func New(d *db.DB, a *audit.Log) *Store { return &Store{db: d, audit: a} }

var _ registry.Store = (*Store)(nil)

const personColumns = `id, uuid, fin, last_name, first_name, patronymic, sex, birth_date, death_date,
	citizenship, COALESCE(reg_place_id, 0), COALESCE(reg_district_id, 0), reg_address,
	COALESCE(act_place_id, 0), act_address, phone, email, iban, disability_group,
	disability_percent, disability_until, version, created_at, updated_at`

func scanPerson(row interface{ Scan(...any) error }) (registry.Person, error) {
	var p registry.Person
	err := row.Scan(&p.ID, &p.UUID, &p.FIN, &p.LastName, &p.FirstName, &p.Patronymic, &p.Sex,
		&p.BirthDate, &p.DeathDate, &p.Citizenship, &p.RegPlaceID, &p.RegDistrictID, &p.RegAddress,
		&p.ActPlaceID, &p.ActAddress, &p.Phone, &p.Email, &p.IBAN, &p.DisabilityGroup,
		&p.DisabilityPercent, &p.DisabilityUntil, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

// PersonByFIN loads one person.
func (s *Store) PersonByFIN(ctx context.Context, fin string) (registry.Person, error) {
	return db.One(ctx, s.db, "person by FİN", scanPerson, `SELECT `+personColumns+` FROM persons WHERE fin = $1`, fin)
}

// CreatePerson inserts p and sets its id; a taken FİN is fail.ErrDuplicate.
func (s *Store) CreatePerson(ctx context.Context, p *registry.Person, e audit.Entry) error {
	nameKey, altKey := registry.SearchKeys(p.LastName, p.FirstName, p.Patronymic)
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var taken int
		tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons WHERE fin = $1`, p.FIN).Scan(&taken)
		if taken > 0 {
			return fmt.Errorf("person: %w", fail.ErrDuplicate)
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO persons (uuid, fin, last_name, first_name, patronymic,
			name_key, alt_key, sex, birth_date, death_date, citizenship, reg_place_id, reg_district_id,
			reg_address, act_place_id, act_address, phone, email, iban, disability_group,
			disability_percent, disability_until, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
			$19, $20, $21, $22, $23, $24, $25) RETURNING id`,
			p.UUID, p.FIN, p.LastName, p.FirstName, p.Patronymic, nameKey, altKey, p.Sex, p.BirthDate,
			p.DeathDate, p.Citizenship, db.NullID(p.RegPlaceID), db.NullID(p.RegDistrictID), p.RegAddress,
			db.NullID(p.ActPlaceID), p.ActAddress, p.Phone, p.Email, p.IBAN, p.DisabilityGroup,
			p.DisabilityPercent, p.DisabilityUntil, p.Version, p.CreatedAt, p.UpdatedAt).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("insert person: %w", err)
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// UpdatePerson writes p if its stored version is still p.Version, bumps the version, and
// records the changes and the audit entry in the same transaction.
func (s *Store) UpdatePerson(ctx context.Context, p registry.Person, changes []registry.Change, e audit.Entry) (registry.Person, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := updatePerson(ctx, tx, p, changes); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
	p.Version++
	return p, err
}

// updatePerson writes p if its stored version is still p.Version and records the changes.
func updatePerson(ctx context.Context, tx *sql.Tx, p registry.Person, changes []registry.Change) error {
	nameKey, altKey := registry.SearchKeys(p.LastName, p.FirstName, p.Patronymic)
	res, err := tx.ExecContext(ctx, `UPDATE persons SET last_name = $1, first_name = $2,
		patronymic = $3, name_key = $4, alt_key = $5, sex = $6, birth_date = $7, death_date = $8,
		citizenship = $9, reg_place_id = $10, reg_district_id = $11, reg_address = $12,
		act_place_id = $13, act_address = $14, phone = $15, email = $16, iban = $17,
		disability_group = $18, disability_percent = $19, disability_until = $20,
		updated_at = $21, version = version + 1
		WHERE id = $22 AND version = $23`,
		p.LastName, p.FirstName, p.Patronymic, nameKey, altKey, p.Sex, p.BirthDate, p.DeathDate,
		p.Citizenship, db.NullID(p.RegPlaceID), db.NullID(p.RegDistrictID), p.RegAddress,
		db.NullID(p.ActPlaceID), p.ActAddress, p.Phone, p.Email, p.IBAN, p.DisabilityGroup,
		p.DisabilityPercent, p.DisabilityUntil, p.UpdatedAt, p.ID, p.Version)
	if err != nil {
		return fmt.Errorf("update person: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("person: %w", fail.ErrConflict)
	}
	if err := refreshHouseholds(ctx, tx, p.ID); err != nil {
		return err
	}
	return insertChanges(ctx, tx, changes)
}

func insertChanges(ctx context.Context, tx *sql.Tx, changes []registry.Change) error {
	for _, c := range changes {
		_, err := tx.ExecContext(ctx, `INSERT INTO person_changes
			(person_id, field, old_value, new_value, actor_id, source, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			c.PersonID, c.Field, c.Old, c.New, db.NullID(c.ActorID), c.Source, c.At)
		if err != nil {
			return fmt.Errorf("record change: %w", err)
		}
	}
	return nil
}

// History returns changes to the person, newest first, before the change id beforeID.
func (s *Store) History(ctx context.Context, personID, beforeID int64, limit int) ([]registry.Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.field, c.old_value, c.new_value,
		COALESCE(u.login, 'system'), c.source, c.at
		FROM person_changes c LEFT JOIN users u ON u.id = c.actor_id
		WHERE c.person_id = $1 AND ($2 = 0 OR c.id < $2)
		ORDER BY c.id DESC LIMIT $3`, personID, beforeID, limit)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return db.CollectRows(rows, func(row db.Scanner) (registry.Change, error) {
		c := registry.Change{PersonID: personID}
		err := row.Scan(&c.ID, &c.Field, &c.Old, &c.New, &c.ActorLogin, &c.Source, &c.At)
		return c, err
	})
}

// Categories returns the person's categories, oldest first.
func (s *Store) Categories(ctx context.Context, personID int64) ([]registry.Category, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, category, evidence, source, valid_from, valid_until
		FROM person_categories WHERE person_id = $1 ORDER BY valid_from, id`, personID)
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	return db.CollectRows(rows, func(row db.Scanner) (registry.Category, error) {
		c := registry.Category{PersonID: personID}
		err := row.Scan(&c.ID, &c.Code, &c.Evidence, &c.Source, &c.ValidFrom, &c.ValidUntil)
		return c, err
	})
}

// AddCategory inserts c with its audit entry.
func (s *Store) AddCategory(ctx context.Context, c *registry.Category, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO person_categories
			(person_id, category, evidence, source, valid_from, valid_until)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			c.PersonID, c.Code, c.Evidence, c.Source, c.ValidFrom, c.ValidUntil).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert category: %w", err)
		}
		if err := refreshHouseholds(ctx, tx, c.PersonID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

// LoadPlaces makes sure the reference list of places is in the database.
func LoadPlaces(ctx context.Context, d *db.DB) error {
	all, err := places.All()
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *sql.Tx) error {
		for _, p := range all {
			_, err := tx.ExecContext(ctx, `INSERT INTO places (id, code, parent_id, kind, name)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
				p.ID, p.Code, db.NullID(p.ParentID), p.Kind, p.Name)
			if err != nil {
				return fmt.Errorf("load place %s: %w", p.Code, err)
			}
		}
		return nil
	})
}
