package programsweb

import (
	"context"
	"reflect"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

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

// countSchema documents programs.Count in the OpenAPI description: a whole number, or the
// string "< 10" for a count withheld from the analyst.
type countSchema struct{}

// Schema is the count's schema.
func (countSchema) Schema(huma.Registry) *huma.Schema {
	zero := 0.0
	return &huma.Schema{Description: "a count; fewer than " + strconv.Itoa(programs.K) + " reads \"< " + strconv.Itoa(programs.K) + "\"",
		OneOf: []*huma.Schema{{Type: huma.TypeInteger, Minimum: &zero}, {Type: huma.TypeString, Enum: []any{"< " + strconv.Itoa(programs.K)}}}}
}

// documentCounts makes the API description say what a dry run's counts may hold.
func documentCounts(api huma.API) {
	api.OpenAPI().Components.Schemas.RegisterTypeAlias(reflect.TypeFor[programs.Count](), reflect.TypeFor[countSchema]())
}

// pluralCount is the number a message about c agrees with: a withheld count ("< 10") reads as
// several, as ten does.
func pluralCount(c programs.Count) int {
	if c.Suppressed() {
		return programs.K
	}
	return int(c)
}
