package registrydb

import (
	"context"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/money"
)

// IncomeTotal sums the incomes of the persons over the months from (inclusive) to to
// (exclusive).
func (s *Store) IncomeTotal(ctx context.Context, personIDs []int64, from, to clock.Date) (money.Amount, error) {
	if len(personIDs) == 0 {
		return 0, nil
	}
	args := []any{from, to}
	marks := make([]string, len(personIDs))
	for i, id := range personIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+3)
	}
	var total int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM person_incomes
		WHERE month >= $1 AND month < $2 AND person_id IN (`+strings.Join(marks, ", ")+`)`, args...).Scan(&total)
	return money.Amount(total), err
}
