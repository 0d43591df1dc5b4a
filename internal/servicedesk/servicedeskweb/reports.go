package servicedeskweb

import (
	"context"
	"fmt"
	"math"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/export"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// reportView is the centre manager's dashboard for a period: waits and service times against
// the standard, satisfaction, and deadlines kept.
type reportView struct {
	From, To     string
	Centre       string
	By           string
	Centres      []servicedesk.Centre
	Queue        []servicedesk.QueueRow
	Days         []servicedesk.QueueDay // each centre's visits per day against the standard
	Satisfaction []servicedesk.SatisfactionRow
	Deadlines    []servicedesk.DeadlineRow
}

func (h *Handler) reports(w http.ResponseWriter, r *http.Request) {
	v, err := h.report(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if f := r.URL.Query().Get("format"); f != "" {
		writeReport(w, r, f, v)
		return
	}
	web.Render(w, r, http.StatusOK, reportsPage(v))
}

func (h *Handler) report(r *http.Request) (reportView, error) {
	ctx := r.Context()
	q := r.URL.Query()
	from, to := web.ReportPeriod(q.Get("from"), q.Get("to"), h.svc.Today())
	var err error
	v := reportView{From: from.String(), To: to.String(), Centre: q.Get("centre"), By: q.Get("by")}
	if v.By == "" {
		v.By = servicedesk.ByService
	}
	f := servicedesk.StatsFilter{From: from, To: to, Institutions: authz.From(ctx).Scope(authz.ServiceReport)}
	if v.Centres, err = h.svc.Centres(ctx); err != nil {
		return v, err
	}
	for _, c := range v.Centres {
		if c.Code == v.Centre {
			f.CentreID = c.ID
		}
	}
	if v.Queue, err = h.visits.QueueStats(ctx, f); err != nil {
		return v, err
	}
	if v.Days, err = h.visits.QueueByDay(ctx, f); err != nil {
		return v, err
	}
	if v.Satisfaction, err = h.svc.Satisfaction(ctx, f, v.By); err != nil {
		return v, err
	}
	v.Deadlines, err = h.svc.DeadlineStats(ctx, f)
	return v, err
}

// writeReport exports the dashboard's four tables: one after another in CSV, a worksheet
// each in XLSX. Times are in seconds and shares are fractions, as numbers.
func writeReport(w http.ResponseWriter, r *http.Request, format string, v reportView) {
	f, err := export.ParseFormat(format)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	lang := i18n.Lang(r.Context())
	head := func(names ...string) []any { return export.Header(f, lang, "reports.col.", names...) }
	sheet := func(name string) string { return i18n.Tr(lang, "reports.sheet."+name, nil) }
	err = export.Send(w, f, lang, "service-report-"+v.From+"-"+v.To, sheet("queue"), func(t export.Table) error {
		t.Row(head("service", "operator", "visits", "avg_wait_s", "avg_service_s", "standard_min", "within_standard")...)
		for _, q := range v.Queue {
			t.Row(q.ServiceCode, q.OperatorLogin, q.Visits, math.Round(q.AvgWait), math.Round(q.AvgService),
				q.StandardMinutes, round(q.WithinStandard, 3))
		}
		t.Sheet(sheet("queue_by_day"))
		t.Row(head("day", "centre", "visits", "avg_wait_s", "within_standard")...)
		for _, d := range v.Days {
			t.Row(d.Day, d.CentreCode, d.Visits, math.Round(d.AvgWait), round(d.WithinStandard, 3))
		}
		t.Sheet(sheet("satisfaction"))
		t.Row(head(v.By, "name", "ratings", "average", "satisfied_pct")...)
		for _, s := range v.Satisfaction {
			t.Row(s.Key, s.Name, s.Ratings, round(s.Average, 2), round(s.Satisfied, 1))
		}
		t.Sheet(sheet("deadlines"))
		t.Row(head("institution", "service", "filed", "decided", "late", "open", "breached")...)
		for _, d := range v.Deadlines {
			t.Row(d.Institution, d.ServiceCode, d.Filed, d.Decided, d.Late, d.Open, d.Breached)
		}
		return nil // a failed write is reported by Close
	})
	if err != nil {
		panic(http.ErrAbortHandler) // a report cut short must not download as if whole
	}
}

// round rounds x to n decimals.
func round(x float64, n int) float64 {
	p := math.Pow10(n)
	return math.Round(x*p) / p
}

func minutes(seconds float64) string {
	s := int(seconds + 0.5)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// pct is a share in per cent in the reader's form.
func pct(ctx context.Context, x float64) string { return i18n.Percent(i18n.Lang(ctx), x) }
