package servicedeskdb

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// InstitutionName is the name, in every language, of the institution that heads a letter.
func (s *Store) InstitutionName(ctx context.Context, id int64) (i18n.Text, error) {
	return db.One(ctx, s.db, "institution", func(row db.Scanner) (name i18n.Text, err error) {
		err = row.Scan(&name)
		return
	}, `SELECT name FROM institutions WHERE id = $1`, id)
}
