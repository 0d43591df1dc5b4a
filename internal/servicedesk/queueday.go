package servicedesk

import "github.com/dost-platform/dost/internal/platform/i18n"

// QueueDay is one centre's closed visits on one day: how many, the average wait, and the
// share served within their services' standard time. The queue computes it; the service
// report draws it over the period, a line per centre.
type QueueDay struct {
	Day            string // YYYY-MM-DD
	CentreCode     string
	CentreName     i18n.Text
	Visits         int
	AvgWait        float64 // seconds
	WithinStandard float64 // 0..1
}
