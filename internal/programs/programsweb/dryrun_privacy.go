package programsweb

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/programs"
)

// monthlyText is a tally's monthly cost, or why it is not shown: the cost of fewer than
// programs.K cases would tell what those few persons receive.
func monthlyText(ctx context.Context, t programs.Tally) string {
	if t.MonthlyWithheld {
		return i18n.T(ctx, "dryrun.withheld")
	}
	return t.Monthly.String()
}
