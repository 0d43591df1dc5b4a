package programsdb

import (
	"context"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/db"
)

// ProgramInstitution is the id of the institution whose code the programme names.
func (s *Store) ProgramInstitution(ctx context.Context, programID int64) (int64, error) {
	return db.One(ctx, s.db, fmt.Sprintf("institution of programme %d", programID), db.Value[int64],
		`SELECT i.id FROM programs p JOIN institutions i ON i.code = p.institution WHERE p.id = $1`, programID)
}
