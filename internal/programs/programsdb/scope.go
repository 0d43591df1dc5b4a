package programsdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// ProgramInstitution is the id of the institution whose code the programme names.
func (s *Store) ProgramInstitution(ctx context.Context, programID int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT i.id FROM programs p JOIN institutions i ON i.code = p.institution WHERE p.id = $1`, programID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("institution of programme %d: %w", programID, fail.ErrNotFound)
	}
	return id, err
}
