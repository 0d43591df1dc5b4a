package servicedeskweb

import (
	"encoding/csv"
	"fmt"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
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
	Satisfaction []servicedesk.SatisfactionRow
	Deadlines    []servicedesk.DeadlineRow
}

func (h *Handler) reports(w http.ResponseWriter, r *http.Request) {
	v, err := h.report(r)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		writeCSV(w, v)
		return
	}
	web.Render(w, r, http.StatusOK, reportsPage(v))
}

func (h *Handler) report(r *http.Request) (reportView, error) {
	ctx := r.Context()
	q := r.URL.Query()
	today := h.svc.Today()
	from, err := clock.ParseDate(q.Get("from"))
	if err != nil {
		from = clock.MonthOf(today).First()
	}
	to, err := clock.ParseDate(q.Get("to"))
	if err != nil {
		to = today
	}
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
	if v.Queue, err = h.svc.QueueStats(ctx, f); err != nil {
		return v, err
	}
	if v.Satisfaction, err = h.svc.Satisfaction(ctx, f, v.By); err != nil {
		return v, err
	}
	v.Deadlines, err = h.svc.DeadlineStats(ctx, f)
	return v, err
}

// writeCSV exports the three tables of the dashboard, one after the other.
func writeCSV(w http.ResponseWriter, v reportView) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"service-report-%s-%s.csv\"", v.From, v.To))
	c := csv.NewWriter(w)
	c.Write([]string{"service", "operator", "visits", "avg_wait_s", "avg_service_s", "standard_min", "within_standard"})
	for _, q := range v.Queue {
		c.Write([]string{q.ServiceCode, q.OperatorLogin, fmt.Sprint(q.Visits), fmt.Sprintf("%.0f", q.AvgWait), fmt.Sprintf("%.0f", q.AvgService),
			fmt.Sprint(q.StandardMinutes), fmt.Sprintf("%.3f", q.WithinStandard)})
	}
	c.Write(nil)
	c.Write([]string{v.By, "name", "ratings", "average", "satisfied_pct"})
	for _, s := range v.Satisfaction {
		c.Write([]string{s.Key, s.Name, fmt.Sprint(s.Ratings), fmt.Sprintf("%.2f", s.Average), fmt.Sprintf("%.1f", s.Satisfied)})
	}
	c.Write(nil)
	c.Write([]string{"institution", "service", "filed", "decided", "late", "open", "breached"})
	for _, d := range v.Deadlines {
		c.Write([]string{d.Institution, d.ServiceCode, fmt.Sprint(d.Filed), fmt.Sprint(d.Decided), fmt.Sprint(d.Late), fmt.Sprint(d.Open), fmt.Sprint(d.Breached)})
	}
	c.Flush()
}

func minutes(seconds float64) string {
	s := int(seconds + 0.5)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", x) }
